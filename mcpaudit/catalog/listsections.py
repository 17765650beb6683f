"""The catalog sections that are a plain list of names (``rules/models/<language>/*.yaml``): the loader
keeps each under the attribute of the same name, dashes as underscores."""

#: Sections that are a plain list of names, kept under the same attribute (dashes as underscores).
LIST_SECTIONS = frozenset({
    "path_derivations",
    "nosql_operands",
    "path_tails",
    "windows_tests", "module_name_calls",
    "module_run_calls",
    "cwd_calls",
    "temp_dirs",
    "home_dirs",
    "encoding_containers",
    "keyed_containers",
    "absolute_tests",
    "local_tests",
    "path_parents",
    "publishable_prefixes",
    "container_mutators", "not_project_calls",
    "parse_checks", "schema_checks", "char_class_checks",
    "address_resolvers", "address_tests",  # egressguard.py
    "safe_annotations", "enum_bases",
    "noreturn_annotations", "handle_minters", "masked_headers",  # issuedhandles.py, headerlogs.py
})
