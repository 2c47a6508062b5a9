"""The TODO API: list, add and complete TODOs as JSON over HTTP.

  GET  /todos                -> [{"id", "title", "done"}], cached in Redis until the next write
  POST /todos {"title": ...} -> 201 and the new TODO
  POST /todos/<id>/complete  -> the TODO, now done
  GET  /health               -> {"status": "ok", "version": ...} when PostgreSQL and Redis answer

Every reply names the task or container that served it (X-Served-By: its hostname).
Stdlib HTTP server, psycopg2 and redis; the schema comes from migrate.py: a one-shot run
before the API starts, or, with MIGRATE_ON_START=1, this process's first step (Swarm has
no one-shot jobs in the provider; migrate.py takes a lock, so replicas migrate once).
"""
import json
import os
import re
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from todo_db import connect_cache, connect_db

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "VERSION"), encoding="utf-8") as f:
    VERSION = f.read().strip()
LIST_KEY = "todos:list"
COMPLETE = re.compile(r"^/todos/(\d+)/complete$")
SERVED_BY = socket.gethostname()
cache = connect_cache()


def query(sql, params=()):
    conn = connect_db()
    try:
        with conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []
    finally:
        conn.close()


def as_todo(row):
    return {"id": row[0], "title": row[1], "done": row[2]}


class Handler(BaseHTTPRequestHandler):
    server_version = f"todo-api/{VERSION}"

    def do_GET(self):
        if self.path == "/health":
            query("SELECT 1")
            cache.ping()
            return self.reply(200, {"status": "ok", "version": VERSION})
        if self.path == "/todos":
            cached = cache.get(LIST_KEY)
            if cached is not None:
                return self.reply(200, json.loads(cached), {"X-Cache": "hit"})
            todos = [as_todo(r) for r in query("SELECT id, title, done FROM todos ORDER BY id")]
            cache.set(LIST_KEY, json.dumps(todos), ex=60)
            return self.reply(200, todos, {"X-Cache": "miss"})
        self.reply(404, {"error": "not found"})

    def do_POST(self):
        if self.path == "/todos":
            body = self.read_json()
            title = body.get("title") if isinstance(body, dict) else None
            if not isinstance(title, str) or not 1 <= len(title.strip()) <= 200:
                return self.reply(400, {"error": "give a JSON object with a title of 1 to 200 characters"})
            row = query("INSERT INTO todos (title) VALUES (%s) RETURNING id, title, done", (title.strip(),))[0]
            cache.delete(LIST_KEY)
            return self.reply(201, as_todo(row))
        match = COMPLETE.match(self.path)
        if match:
            rows = query("UPDATE todos SET done = true WHERE id = %s RETURNING id, title, done", (int(match[1]),))
            cache.delete(LIST_KEY)
            return self.reply(200, as_todo(rows[0])) if rows else self.reply(404, {"error": "no such todo"})
        self.reply(404, {"error": "not found"})

    def read_json(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > 10_000:
            return None
        try:
            return json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            return None

    def reply(self, status, payload, headers=None):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Served-By", SERVED_BY)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except Exception as err:  # a database or cache error: answer 503, keep serving
            self.log_error("request failed: %r", err)
            try:
                self.reply(503, {"error": "backend unavailable"})
            except OSError:
                pass


class Server(ThreadingHTTPServer):
    # On stop, finish the requests under way before exiting.
    daemon_threads = False
    block_on_close = True


def main():
    if os.environ.get("MIGRATE_ON_START") == "1":
        import migrate
        try:
            migrate.main()
        except Exception as err:  # a failed task: Swarm rolls the update back
            print(f"migrate: failed: {err}", file=sys.stderr, flush=True)
            sys.exit(1)
    port = int(os.environ.get("PORT", "8080"))
    server = Server(("0.0.0.0", port), Handler)
    # PID 1 gets no default signal handling: without this, SIGTERM is ignored and every stop
    # waits out the grace period. Exit 143 (killed by SIGTERM), so a task Swarm stops as
    # unhealthy counts as failed and its restart policy (on-failure) starts a new one.
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"todo-api {VERSION} listening on :{port} as {SERVED_BY}", flush=True)
    server.serve_forever()
    server.server_close()
    print("todo-api: stopped on SIGTERM", flush=True)
    sys.exit(143)


if __name__ == "__main__":
    main()
