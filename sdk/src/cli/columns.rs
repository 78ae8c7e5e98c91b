//! The columns of each resource's table: (header, dotted path in its JSON).

pub(crate) type Columns = &'static [(&'static str, &'static str)];

pub(crate) const UNITS: Columns = &[
    ("id", "id"),
    ("code", "code"),
    ("name", "name"),
    ("level", "level"),
    ("archived", "archived"),
];
pub(crate) const DEPARTMENTS: Columns = &[
    ("id", "id"),
    ("code", "short_code"),
    ("name", "name"),
    ("kind", "kind"),
    ("active", "active"),
];
pub(crate) const OFFICIALS: Columns = &[
    ("id", "id"),
    ("name", "full_name"),
    ("position", "position"),
    ("status", "status"),
];
pub(crate) const PLANS: Columns = &[
    ("id", "id"),
    ("number", "number_symbol"),
    ("status", "status"),
    ("year", "content.year"),
    ("title", "content.title"),
];
pub(crate) const TASKS: Columns = &[
    ("id", "id"),
    ("title", "title"),
    ("status", "status"),
    ("progress", "progress"),
    ("due", "due_date"),
    ("overdue", "overdue"),
];
pub(crate) const FRAMEWORKS: Columns = &[
    ("id", "id"),
    ("year", "year"),
    ("level", "level"),
    ("name", "name"),
    ("status", "status"),
    ("points", "max_points"),
];
pub(crate) const ASSESSMENTS: Columns = &[
    ("id", "id"),
    ("year", "year"),
    ("unit", "unit_id"),
    ("status", "status"),
    ("points", "points"),
    ("index %", "index_percent"),
];
pub(crate) const WEBHOOKS: Columns = &[
    ("id", "id"),
    ("url", "url"),
    ("events", "events"),
    ("active", "active"),
];
pub(crate) const USERS: Columns = &[
    ("id", "id"),
    ("username", "username"),
    ("name", "full_name"),
    ("roles", "roles"),
    ("active", "active"),
];
pub(crate) const API_CLIENTS: Columns = &[
    ("id", "id"),
    ("client id", "client_id"),
    ("name", "name"),
    ("scopes", "scopes"),
    ("active", "active"),
];
pub(crate) const AUDIT: Columns = &[
    ("at", "occurred_at"),
    ("actor", "actor_name"),
    ("action", "action"),
    ("resource", "resource_type"),
    ("resource id", "resource_id"),
];
pub(crate) const EXPORTS: Columns = &[
    ("id", "id"),
    ("report", "report"),
    ("format", "format"),
    ("status", "status"),
    ("progress", "progress"),
    ("file", "file_name"),
    ("bytes", "size_bytes"),
];
pub(crate) const PROPOSALS: Columns = &[
    ("id", "id"),
    ("year", "year"),
    ("form", "form"),
    ("recipient", "recipient.name"),
    ("status", "status"),
];
pub(crate) const DECISIONS: Columns = &[
    ("id", "id"),
    ("number", "number_symbol"),
    ("form", "form"),
    ("status", "status"),
    ("money", "total_money"),
];
pub(crate) const AWARDS: Columns = &[
    ("number", "number_symbol"),
    ("date", "decision_date"),
    ("form", "form"),
    ("recipient", "recipient.name"),
    ("money", "money"),
];
pub(crate) const RANKING: Columns = &[
    ("rank", "rank"),
    ("unit", "unit_name"),
    ("index %", "index_percent"),
    ("points", "points"),
    ("band", "band"),
];
pub(crate) const STATISTICS: Columns = &[
    ("unit", "unit_code"),
    ("period", "period"),
    ("received", "figures.received"),
    ("source", "source"),
    ("updated", "updated_at"),
];
