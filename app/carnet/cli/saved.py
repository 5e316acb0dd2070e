"""``carnet saved``: list, add, rename and delete saved searches."""

from __future__ import annotations

import argparse

from carnet.catalog.archive import Archive
from carnet.catalog.database import Database
from carnet.catalog.saved_searches import (
    SavedSearch,
    delete_saved_search,
    list_saved_searches,
    rename_saved_search,
    save_search,
)
from carnet.cli.output import print_json
from carnet.cli.parsing import Subparsers, command, group, path_arg
from carnet.errors import NotFound
from carnet.messages import Text


def add_saved_commands(sub: Subparsers) -> None:
    ssub = group(sub, "saved", "list, add, rename and delete saved searches", "saved_command")
    p = command(ssub, "list", cmd_saved_list, "list the saved searches")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("--json", action="store_true")
    p = command(ssub, "add", cmd_saved_add, "save a query under a name (replaces that name's)")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name")
    p.add_argument("query")
    p = command(ssub, "rename", cmd_saved_rename, "rename a saved search")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name")
    p.add_argument("new_name", metavar="NEW_NAME")
    p = command(ssub, "delete", cmd_saved_delete, "delete a saved search")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name")


def _find(db: Database, name: str) -> SavedSearch:
    clean = " ".join(name.split()).casefold()
    for saved in list_saved_searches(db):
        if saved.name.casefold() == clean:
            return saved
    raise NotFound(Text("no saved search called {name!r}", name=name))


def cmd_saved_list(args: argparse.Namespace) -> int:
    with Archive.open(args.archive, readonly=True) as archive:
        searches = list_saved_searches(archive.db)
    if args.json:
        print_json([s.__dict__ for s in searches])
        return 0
    for s in searches:
        print(f"{s.name:30} {s.query}")
    return 0


def cmd_saved_add(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        saved = save_search(archive.db, args.name, args.query)
    print(f"Saved {saved.name}: {saved.query}")
    return 0


def cmd_saved_rename(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        saved = rename_saved_search(archive.db, _find(archive.db, args.name).id, args.new_name)
    print(f"Renamed {args.name} to {saved.name}")
    return 0


def cmd_saved_delete(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        delete_saved_search(archive.db, _find(archive.db, args.name).id)
    print(f"Deleted the saved search {args.name}")
    return 0
