"""Saved searches: a name for a query the user runs again and again.

Only the query text is stored; running it again asks the search index, so a saved search
always shows the archive as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from carnet.catalog.database import Database
from carnet.errors import InvalidValue, NotFound
from carnet.messages import Text

MAX_NAME = 200
MAX_QUERY = 2000


@dataclass(frozen=True)
class SavedSearch:
    id: int
    name: str
    query: str


def _clean(name: str, query: str) -> tuple[str, str]:
    name = " ".join(name.split())
    query = query.strip()
    if not name:
        raise InvalidValue(Text("a saved search needs a name"))
    if not query:
        raise InvalidValue(Text("a saved search needs a query"))
    if len(name) > MAX_NAME:
        raise InvalidValue(
            Text("a saved search's name is at most {most} characters", most=MAX_NAME)
        )
    if len(query) > MAX_QUERY:
        raise InvalidValue(Text("a saved query is at most {most} characters", most=MAX_QUERY))
    return name, query


def save_search(db: Database, name: str, query: str) -> SavedSearch:
    """Save ``query`` under ``name``; saving again under the same name replaces the query."""
    name, query = _clean(name, query)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO saved_searches (name, query, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET query = excluded.query",
            (name, query, now),
        )
        row = conn.execute(
            "SELECT id, name, query FROM saved_searches WHERE name = ?", (name,)
        ).fetchone()
    return SavedSearch(int(row[0]), str(row[1]), str(row[2]))


def list_saved_searches(db: Database) -> list[SavedSearch]:
    rows = db.query("SELECT id, name, query FROM saved_searches ORDER BY name COLLATE NOCASE")
    return [SavedSearch(int(r[0]), str(r[1]), str(r[2])) for r in rows]


def get_saved_search(db: Database, search_id: int) -> SavedSearch:
    row = db.query_one("SELECT id, name, query FROM saved_searches WHERE id = ?", (search_id,))
    if row is None:
        raise NotFound(Text("no saved search with id {id}", id=search_id))
    return SavedSearch(int(row[0]), str(row[1]), str(row[2]))


def rename_saved_search(db: Database, search_id: int, name: str) -> SavedSearch:
    current = get_saved_search(db, search_id)
    name, _ = _clean(name, current.query)
    with db.transaction() as conn:
        clash = conn.execute(
            "SELECT id FROM saved_searches WHERE name = ? AND id != ?", (name, search_id)
        ).fetchone()
        if clash:
            raise InvalidValue(Text("a saved search is already called {name!r}", name=name))
        conn.execute("UPDATE saved_searches SET name = ? WHERE id = ?", (name, search_id))
    return SavedSearch(search_id, name, current.query)


def delete_saved_search(db: Database, search_id: int) -> None:
    with db.transaction() as conn:
        cur = conn.execute("DELETE FROM saved_searches WHERE id = ?", (search_id,))
        if cur.rowcount == 0:
            raise NotFound(Text("no saved search with id {id}", id=search_id))
