"""``carnet person`` and ``carnet tag``: rename, merge and delete the names items carry."""

from __future__ import annotations

import argparse

from carnet.catalog.archive import Archive
from carnet.catalog.curation import (
    delete_person,
    delete_tag,
    merge_people,
    merge_tags,
    rename_person,
    rename_tag,
)
from carnet.cli.parsing import Subparsers, command, group, path_arg


def add_person_commands(sub: Subparsers) -> None:
    psub = group(sub, "person", "rename, merge and delete people", "person_command")
    p = command(psub, "rename", cmd_person_rename, "give a person another spelling")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name")
    p.add_argument("new_name", metavar="NEW_NAME")
    p = command(
        psub, "merge", cmd_person_merge, "make two spellings one person; every item follows"
    )
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name", help="the spelling that goes")
    p.add_argument("into", metavar="INTO", help="the spelling that stays")
    p = command(psub, "delete", cmd_person_delete, "delete a person no item or session names")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("name")


def add_tag_commands(sub: Subparsers) -> None:
    tsub = group(sub, "tag", "rename, merge and delete tags", "tag_command")
    p = command(tsub, "rename", cmd_tag_rename, "rename a tag and the tags under it")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("tag")
    p.add_argument("new_tag", metavar="NEW_TAG")
    p = command(tsub, "merge", cmd_tag_merge, "move a tag's items into another tag")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("tag", help="the tag that goes")
    p.add_argument("into", metavar="INTO", help="the tag that stays")
    p = command(tsub, "delete", cmd_tag_delete, "delete a tag no item carries")
    p.add_argument("archive", type=path_arg, metavar="ARCHIVE")
    p.add_argument("tag")


def cmd_person_rename(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        rename_person(archive.db, args.name, args.new_name)
    print(f"Renamed {args.name} to {' '.join(args.new_name.split())}")
    return 0


def cmd_person_merge(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        merge_people(archive.db, args.name, args.into)
    print(f"Merged {args.name} into {args.into}")
    return 0


def cmd_person_delete(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        delete_person(archive.db, args.name)
    print(f"Deleted {args.name}")
    return 0


def cmd_tag_rename(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        rename_tag(archive.db, args.tag, args.new_tag)
    print(f"Renamed the tag {args.tag} to {args.new_tag}")
    return 0


def cmd_tag_merge(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        merge_tags(archive.db, args.tag, args.into)
    print(f"Merged the tag {args.tag} into {args.into}")
    return 0


def cmd_tag_delete(args: argparse.Namespace) -> int:
    with Archive.open(args.archive) as archive:
        delete_tag(archive.db, args.tag)
    print(f"Deleted the tag {args.tag}")
    return 0
