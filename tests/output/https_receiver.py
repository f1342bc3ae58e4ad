#!/usr/bin/env python3
# A tiny HTTPS webhook receiver on 127.0.0.1 for tests/output/https_test.sh.
#   https_receiver.py CERT KEY CA PORTFILE OUTDIR
# Requires a client certificate signed by CA.  Writes its port to
# PORTFILE, each request body to OUTDIR/body.N and its headers to
# OUTDIR/headers.N; answers 200.  Exits after 60 s at most.
import http.server
import os
import ssl
import sys
import threading

cert, key, ca, portfile, outdir = sys.argv[1:6]
count = 0


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        global count
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n) if 0 <= n <= 1 << 20 else b""
        with open(os.path.join(outdir, "body.%d" % count), "wb") as f:
            f.write(body)
        with open(os.path.join(outdir, "headers.%d" % count), "w") as f:
            f.write(str(self.headers))
        count += 1
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
ctx.load_verify_locations(ca)
ctx.verify_mode = ssl.CERT_REQUIRED
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
threading.Timer(60, lambda: os._exit(0)).start()
with open(portfile + ".tmp", "w") as f:
    f.write(str(srv.server_address[1]))
os.rename(portfile + ".tmp", portfile)
srv.serve_forever()
