"""Connections to PostgreSQL and Redis, configured from the environment.

Passwords never come from the environment: *_PASSWORD_FILE names a file (a read-only
mount) that holds them.
"""
import os
import time

import psycopg2
import redis


def read_secret(variable):
    with open(os.environ[variable], encoding="utf-8") as f:
        return f.read().strip()


def connect_db(wait_seconds=0):
    """A new PostgreSQL connection; retries for up to wait_seconds while the server starts."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return psycopg2.connect(
                host=os.environ.get("DB_HOST", "db"),
                port=int(os.environ.get("DB_PORT", "5432")),
                dbname=os.environ.get("DB_NAME", "todo"),
                user=os.environ.get("DB_USER", "todo"),
                password=read_secret("DB_PASSWORD_FILE"),
                connect_timeout=3,
            )
        except psycopg2.OperationalError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def connect_cache():
    return redis.Redis(
        host=os.environ.get("REDIS_HOST", "cache"),
        port=int(os.environ.get("REDIS_PORT", "6379")),
        password=read_secret("REDIS_PASSWORD_FILE"),
        socket_timeout=2,
        socket_connect_timeout=2,
        decode_responses=True,
    )
