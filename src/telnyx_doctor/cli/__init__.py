"""The command line: argv → the library → a renderer → the exit code; the only package that prints or exits."""
