"""A sendfile(2) client for the benchmark's yardstick: the kernel copies the file to the socket,
no user-space buffer at all (socket.sendfile uses os.sendfile on Linux).
    python3 sendfile-put.py FILE URL TOKEN
Prints one JSON line: {"startedAt": epoch ms before connecting, "ms": until the answer's last
byte, "status"}.
"""
import json
import os
import socket
import sys
import time
from urllib.parse import urlsplit

path, url, token = sys.argv[1:4]
started_at = time.time() * 1000
t0 = time.perf_counter()
parts = urlsplit(url)
target = parts.path + ("?" + parts.query if parts.query else "")
size = os.path.getsize(path)
sock = socket.create_connection((parts.hostname, parts.port or 80))
head = (
    f"PUT {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: video/mp4\r\n"
    f"Content-Length: {size}\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
)
sock.sendall(head.encode())
with open(path, "rb") as f:
    sent = sock.sendfile(f)
if sent != size:
    sys.exit(f"sendfile-put: sent {sent} of {size} bytes")
answer = b""
while True:
    chunk = sock.recv(65536)
    if not chunk:
        break
    answer += chunk
ms = (time.perf_counter() - t0) * 1000
sock.close()
status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
print(json.dumps({"startedAt": started_at, "ms": ms, "status": status}))
sys.exit(0 if status == 201 else 1)
