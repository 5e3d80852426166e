"""The library's entry: run a diagnosis (one number or a fleet), stream it, record it."""
