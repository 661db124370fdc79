"""What profiles link to through their many-to-many relations (sectors, local alliances,
declaration outcomes), read for a public page or API list without the relations.

The items themselves are short lists remembered per content generation
(profiles/known_snippets.py); each profile only needs the ids it links to. Those are read
for every relation and every profile at once, in one statement over the relations' own
tables. It is written as SQL rather than as three querysets because compiling a queryset
is most of what such a small query costs here (about 0.6 ms against 0.1 ms for SQLite to
answer it); the table and column names come from the fields themselves, the ids are
parameters.
"""

# ruff: noqa: S608 (SQL built from model metadata; every value is a parameter)

from collections import defaultdict

from django.db import connection

from profiles import known_snippets

# The relations a profile's page and its API entry list, each with the remembered list its
# items come from, in the order that list keeps them.
KNOWN_ITEMS = {
    "sectors": known_snippets.sectors_by_id,
    "local_alliances": known_snippets.public_alliances_by_id,
    "outcomes": known_snippets.outcomes_by_id,
}


def linked_ids(model, profile_ids, relations):
    """{relation: {profile id: set of linked ids}} for each of `relations` (many-to-many
    fields of `model`) and every one of `profile_ids` (a list), in one statement. A profile that
    links to nothing through a relation gets an empty set."""
    found = {relation: defaultdict(set) for relation in relations}
    if not profile_ids or not relations:
        return found
    quote = connection.ops.quote_name
    placeholders = ", ".join(["%s"] * len(profile_ids))
    selects, params = [], []
    for index, relation in enumerate(relations):
        field = model._meta.get_field(relation)
        owner, target = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
        selects.append(
            f"SELECT {index}, {owner}, {target} FROM {quote(field.m2m_db_table())} "
            f"WHERE {owner} IN ({placeholders})"
        )
        params.extend(profile_ids)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        for index, profile_id, target_id in cursor.fetchall():
            found[relations[index]][profile_id].add(target_id)
    return found


def remembered_links(model, profile_ids, relations=tuple(KNOWN_ITEMS)):
    """{profile id: {relation: copies of the items it links to}}, each list in its
    remembered list's order: the ids from linked_ids(), the items from known_snippets."""
    profile_ids = list(profile_ids)
    if not profile_ids:
        return {}
    ids = linked_ids(model, profile_ids, relations)
    known = {relation: KNOWN_ITEMS[relation]() for relation in relations}
    return {
        profile_id: {
            relation: known_snippets.pick(known[relation], ids[relation][profile_id])
            for relation in relations
        }
        for profile_id in profile_ids
    }
