# Sourced by the night's scripts: fill_inbox INBOX LEDGER_DIR SOURCES_DIR puts a first night's 13
# files in a new inbox: the ledger and households from `hjemtag generate` (LEDGER_DIR) and the
# other schemes' sources from `hjemtag demo` (SOURCES_DIR). Hard links: the robot moves its files
# to behandlet/, the sources stay for the next run.
fill_inbox() {
  local inbox="$1" ledger="$2" sources="$3"
  rm -rf "$inbox"; mkdir -p "$inbox"
  ln "$ledger/posteringer.csv" "$ledger/husstande.csv" "$inbox/"
  for f in ydelser stoettet-beskaeftigelse ophold posteringer-forsoergelse krav integration posteringer-resultattilskud positivliste momsregistrering posteringer-momskodet; do
    ln "$sources/$f.csv" "$inbox/"
  done
  ln "$(ls "$sources"/yr-ydelsesrefusion-beregning-*.csv | head -1)" "$inbox/"
  # Older than the robot's two seconds for a file still being written.
  touch -d '1 minute ago' "$inbox"/*
}
