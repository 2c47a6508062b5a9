"""Answers every UDP datagram on port 9000 with 'udp echo: ' and the datagram.

UDP has no connection: each datagram is on its own, and the answer goes back to the address
it came from (after a port forward, that is docker-proxy or the NAT, which send it on).
"""
import signal
import socket
import sys

PORT = 9000

# As PID 1, python would ignore `docker stop`'s SIGTERM (no default action for PID 1) and be killed 10 s later.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
    sock.bind(("0.0.0.0", PORT))
    print(f"udp echo on port {PORT}", flush=True)
    while True:
        data, sender = sock.recvfrom(2048)
        sock.sendto(b"udp echo: " + data, sender)
