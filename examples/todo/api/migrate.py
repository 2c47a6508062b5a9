"""One-shot schema migration: runs to completion before the API starts.

Each migration runs once, in order, inside a transaction, and is recorded in
schema_migrations; running this again is a no-op. Exit code 0 means the schema is current.
"""
import sys

from todo_db import connect_db

# The key of the transaction-level advisory lock migrations hold (any constant of the app's own).
MIGRATION_LOCK = 7_001_001

MIGRATIONS = [
    (1, """
        CREATE TABLE todos (
            id         serial PRIMARY KEY,
            title      text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
            done       boolean NOT NULL DEFAULT false,
            created_at timestamptz NOT NULL DEFAULT now()
        )
    """),
    (2, "CREATE INDEX todos_done ON todos (done)"),
]


def main():
    conn = connect_db(wait_seconds=60)
    with conn:
        with conn.cursor() as cur:
            # One migrator at a time, even if two deploys or replicas race, taken before anything
            # is created: two concurrent CREATE TABLE IF NOT EXISTS can both miss the other's
            # uncommitted table, and the later one then fails on a duplicate catalog entry.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            cur.execute("SELECT version FROM schema_migrations")
            done = {row[0] for row in cur.fetchall()}
            for version, sql in MIGRATIONS:
                if version in done:
                    continue
                cur.execute(sql)
                cur.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
                print(f"migrate: applied {version}", flush=True)
    conn.close()
    print(f"migrate: schema at version {MIGRATIONS[-1][0]}", flush=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as err:  # the exit code is what the deploy checks
        print(f"migrate: failed: {err}", file=sys.stderr, flush=True)
        sys.exit(1)
