"""What the tests share: paths, tokens, stand-ins on a socket, drivers for each host."""
