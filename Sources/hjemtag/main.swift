import HjemtagCLI

await HjemtagMain.run()
