#!/usr/bin/env python3
# faultsrv.py - a fault-injecting STS stand-in on 127.0.0.1 for what moto
# cannot do (t/live-faults.t). The first path segment of the request picks
# the behaviour:
#   /ok        200 GetCallerIdentityResponse
#   /drift     the same, Date 7 minutes ahead
#   /skew      403 SignatureDoesNotMatch "Signature expired", Date 20 minutes ahead
#   /nodate    200 without a Date header
#   /500       500 ErrorResponse InternalFailure
#   /hang      reads the request and never answers
#   /garbage   200 with a body that is not XML
#   /truncxml  200 with XML cut in the middle
#   /cutoff    Content-Length larger than the body, then close
#   /huge      200 with a 5 MiB body
#   /html      200 text/html (a captive portal)
#   /region    InvalidClientTokenId unless signed for us-east-1 (opt-in and
#              partition tests), accepted as role/deploy otherwise
# A request for an absolute URL (through a proxy) is answered like /ok.
# GET /_last returns the previous request (method, target, headers, body) as
# JSON, so tests can check what went on the wire.
# usage: faultsrv.py PORT [CERT KEY]     prints "ready" when listening
import email.utils
import json
import re
import ssl
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

IDENTITY = ('<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n'
            '  <GetCallerIdentityResult>\n'
            '    <Arn>arn:aws:sts::111122223333:assumed-role/deploy/ci</Arn>\n'
            '    <UserId>AROAEXAMPLEEXAMPLE123:ci</UserId>\n'
            '    <Account>111122223333</Account>\n'
            '  </GetCallerIdentityResult>\n'
            '  <ResponseMetadata><RequestId>0f1e2d3c-aaaa-bbbb-cccc-000000000001</RequestId></ResponseMetadata>\n'
            '</GetCallerIdentityResponse>\n')


def error_xml(code, msg):
    return ('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n'
            '  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>\n'
            '  <RequestId>0f1e2d3c-aaaa-bbbb-cccc-000000000002</RequestId>\n'
            '</ErrorResponse>\n' % (code, msg))


last = {}


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    date_offset = 0
    send_date = True

    def log_message(self, *a):
        pass

    def date_time_string(self, timestamp=None):
        return email.utils.formatdate(time.time() + self.date_offset, usegmt=True)

    def send_response(self, code, message=None):
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", "faultsrv")
        if self.send_date:
            self.send_header("Date", self.date_time_string())

    def reply(self, status, body, ctype="text/xml", extra=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "0f1e2d3c-aaaa-bbbb-cccc-00000000000f")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/_last":
            self.reply(200, json.dumps(last), "application/json")
        else:
            self.reply(404, "not here", "text/plain")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        last.clear()
        last.update({"method": "POST", "target": self.path, "headers": dict(self.headers.items()),
                     "body": body.decode("latin-1")})
        mode = "ok" if "://" in self.path else self.path.strip("/").split("/")[0]
        if mode == "ok":
            self.reply(200, IDENTITY)
        elif mode == "drift":
            self.date_offset = 7 * 60
            self.reply(200, IDENTITY)
        elif mode == "skew":
            self.date_offset = 20 * 60
            self.reply(403, error_xml("SignatureDoesNotMatch",
                                      "Signature expired: 20261128T120000Z is now earlier than "
                                      "20261128T120500Z (20261128T122000Z - 15 min.)"))
        elif mode == "nodate":
            self.send_date = False
            self.reply(200, IDENTITY)
        elif mode == "500":
            self.reply(500, error_xml("InternalFailure", "An internal error occurred."))
        elif mode == "hang":
            time.sleep(60)
        elif mode == "garbage":
            self.reply(200, "<<<this is not XML at all>>>", "text/plain")
        elif mode == "truncxml":
            self.reply(200, IDENTITY[:120])
        elif mode == "cutoff":
            data = IDENTITY.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data) + 500))
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
            self.close_connection = True
        elif mode == "huge":
            self.reply(200, b"<a>" + b"x" * (5 * 1024 * 1024) + b"</a>")
        elif mode == "html":
            self.reply(200, "<html><body>Please log in to the hotel Wi-Fi</body></html>", "text/html")
        elif mode == "region":
            m = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", self.headers.get("Authorization", ""))
            if m and m.group(1) == "us-east-1":
                self.reply(200, IDENTITY)
            else:
                self.reply(403, error_xml("InvalidClientTokenId",
                                          "The security token included in the request is invalid"))
        else:
            self.reply(404, "unknown mode", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True


def main():
    port = int(sys.argv[1])
    srv = Server(("127.0.0.1", port), H)
    if len(sys.argv) > 3:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[2], sys.argv[3])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print("ready", flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
