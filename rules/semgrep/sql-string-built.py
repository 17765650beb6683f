import sqlite3

import pandas as pd
from sqlalchemy import text

TABLE = "users"


def handler(conn: sqlite3.Connection, engine, name: str, table: str, uid: int, ids: list):
    cur = conn.cursor()
    # ruleid: sql-string-built
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    # ruleid: sql-string-built
    cur.execute("SELECT * FROM %s WHERE id = 1" % table)
    # ruleid: sql-string-built
    cur.executemany("INSERT INTO {} VALUES (?, ?)".format(table), [(1, 2)])
    # ruleid: sql-string-built
    conn.executescript("DROP TABLE " + table)
    query = "SELECT id FROM users WHERE name = '" + name + "'"
    # ruleid: sql-string-built
    rows = cur.execute(query).fetchall()
    sql = f"DELETE FROM items WHERE owner = {uid}"
    with engine.connect() as c:
        # ruleid: sql-string-built
        c.execute(text(sql))
    # ruleid: sql-string-built
    df = pd.read_sql(f"SELECT * FROM {table} LIMIT 10", engine)
    # ruleid: sql-string-built
    cur.execute(f"SELECT * FROM {TABLE} WHERE name = '{name}'")
    q = "SELECT * FROM users"
    q += f" WHERE name = '{name}'"
    # ruleid: sql-string-built
    cur.execute(q)
    report = f"""
        SELECT owner, count(*)
        FROM items
        WHERE owner = '{name}'
        GROUP BY owner
    """
    # ruleid: sql-string-built
    cur.execute(report)
    return rows, df


async def more(pool, name: str):
    async with pool.acquire() as conn:
        # ruleid: sql-string-built
        return await conn.fetch(f"SELECT * FROM t WHERE name = '{name}'")


def safe(conn, engine, name: str, ids: list):
    cur = conn.cursor()
    # ok: sql-string-built
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    # ok: sql-string-built
    cur.execute("SELECT * FROM users WHERE name = %(name)s", {"name": name})
    # ok: sql-string-built
    cur.execute(f"SELECT * FROM {TABLE} WHERE name = ?", (name,))
    placeholders = ",".join("?" for _ in ids)
    # ok: sql-string-built
    cur.execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids)
    # ok: sql-string-built
    engine.execute(text("SELECT * FROM users WHERE name = :name"), {"name": name})
    # ok: sql-string-built
    pd.read_sql("SELECT * FROM users", engine)
    stmt = build_safe_sql(f"SELECT * FROM {name}")
    # ok: sql-string-built
    cur.execute(stmt)
    message = f"user {name} not found"
    # ok: sql-string-built
    logger.execute(message)
