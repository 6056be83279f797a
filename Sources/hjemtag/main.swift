import HjemtagCLI
