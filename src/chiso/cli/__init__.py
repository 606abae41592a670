"""The command-line shell: parses arguments, calls the library, turns ChisoError into one line."""
