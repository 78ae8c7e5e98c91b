//! The demo's data files (`server/demo/*.json`), embedded in the binary, and the small
//! loader that turns them into the SDK's input types.
//!
//! A file names what exists only at seed time by a reference: a string `"@kind:key"` where an
//! id goes — `@unit:22081`, `@department:22081/Văn phòng - Thống kê`,
//! `@official:22081/Lê Văn Vũ`, `@user:chutich.hoatantay` — which [`World`] resolves to the
//! id created earlier in the seed. The seed plan's content uses the bare names of
//! [`SeedRefs`](super::plan::SeedRefs) (`@van_phong`, `@tai_chinh`, `@chairman`) instead,
//! since it is also built without a database.

use std::collections::{BTreeMap, BTreeSet};

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::entity::{departments, officials};
use crate::error::ApiError;

/// One embedded data file.
#[derive(Debug, Clone, Copy)]
pub struct DemoFile {
    /// Its name under `server/demo/`.
    pub name: &'static str,
    /// Its text.
    pub text: &'static str,
}

macro_rules! demo_file {
    ($name:literal) => {
        DemoFile {
            name: $name,
            text: include_str!(concat!("../../demo/", $name)),
        }
    };
}

/// The units, in the order they are created.
pub const UNITS: DemoFile = demo_file!("units.json");
/// The demo logins and the portal's API client.
pub const PRINCIPALS: DemoFile = demo_file!("principals.json");
/// The officials, and which of them head their department.
pub const OFFICIALS: DemoFile = demo_file!("officials.json");
/// The seed plan: its content and its issue.
pub const PLAN: DemoFile = demo_file!("plan.json");
/// The seed plan's tasks.
pub const TASKS: DemoFile = demo_file!("tasks.json");
/// The 2023 commune framework.
pub const FRAMEWORK_2023: DemoFile = demo_file!("framework-2023.json");
/// The portal's 2023 figures.
pub const PORTAL_2023: DemoFile = demo_file!("portal-2023.json");
/// The 2023 assessments and their publication.
pub const ASSESSMENTS_2023: DemoFile = demo_file!("assessments-2023.json");
/// The awards of the seed's conference.
pub const AWARDS: DemoFile = demo_file!("awards.json");
/// The portal's 2024 figures of xã Tây Hòa's predecessors.
pub const PORTAL_2024: DemoFile = demo_file!("portal-2024.json");
/// The 2024 assessments of xã Tây Hòa's predecessors and their publication.
pub const ASSESSMENTS_2024: DemoFile = demo_file!("assessments-2024.json");
/// The map of 1/7/2025: the new communes, and the units that ended.
pub const MAP_2025: DemoFile = demo_file!("map-2025.json");
/// Xã Tây Hòa's departments, logins and officials from 1/7/2025.
pub const TAY_HOA_2025: DemoFile = demo_file!("tay-hoa-2025.json");
/// The portal's figures of xã Tây Hòa for July–September 2025, pushed on `date`.
pub const PORTAL_2025: DemoFile = demo_file!("portal-2025.json");
/// Đắk Lắk's 2025 commune framework.
pub const FRAMEWORK_2025: DemoFile = demo_file!("framework-2025.json");
/// The 2025 assessments under way.
pub const ASSESSMENTS_2025: DemoFile = demo_file!("assessments-2025.json");
/// Xã Tây Hòa's remediation tasks for 2025 items, made on `date`.
pub const REMEDIATION_2025: DemoFile = demo_file!("remediation-2025.json");
/// Xã Tây Hòa's awards of 2026.
pub const AWARDS_2026: DemoFile = demo_file!("awards-2026.json");

/// Every data file.
pub const ALL: &[DemoFile] = &[
    UNITS,
    PRINCIPALS,
    OFFICIALS,
    PLAN,
    TASKS,
    FRAMEWORK_2023,
    PORTAL_2023,
    ASSESSMENTS_2023,
    AWARDS,
    PORTAL_2024,
    ASSESSMENTS_2024,
    MAP_2025,
    TAY_HOA_2025,
    PORTAL_2025,
    FRAMEWORK_2025,
    ASSESSMENTS_2025,
    REMEDIATION_2025,
    AWARDS_2026,
];

/// The file as JSON.
pub fn json(file: &DemoFile) -> Result<Value, ApiError> {
    serde_json::from_str(file.text)
        .map_err(|e| ApiError::internal(format!("demo file {}: {e}", file.name)))
}

/// The reference a string is, if it is one (`"@unit:54"` -> `unit:54`).
fn reference(s: &str) -> Option<&str> {
    s.strip_prefix('@').filter(|r| !r.is_empty())
}

/// The references in `value`, each once.
pub fn references(value: &Value) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::String(s) => {
                if let Some(r) = reference(s) {
                    out.insert(r.to_owned());
                }
            }
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            Value::Object(fields) => fields.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    walk(value, &mut out);
    out
}

/// Replaces each reference of `value` by its id in `ids`; one whose id is `None` becomes
/// null, or leaves its array. A reference missing from `ids` is an error.
pub fn substitute(value: &mut Value, ids: &BTreeMap<String, Option<Uuid>>) -> Result<(), String> {
    let id_of = |r: &str| {
        ids.get(r)
            .copied()
            .ok_or_else(|| format!("unknown reference @{r}"))
    };
    match value {
        Value::String(s) => {
            if let Some(r) = reference(s) {
                *value = id_of(r)?.map_or(Value::Null, |id| Value::String(id.to_string()));
            }
        }
        Value::Array(items) => {
            let mut kept = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                if let Some(r) = item.as_str().and_then(reference) {
                    if let Some(id) = id_of(r)? {
                        kept.push(Value::String(id.to_string()));
                    }
                    continue;
                }
                substitute(&mut item, ids)?;
                kept.push(item);
            }
            *items = kept;
        }
        Value::Object(fields) => {
            for field in fields.values_mut() {
                substitute(field, ids)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// `value` (a part of `file` whose references are resolved) as a `T`; the error names the
/// file and the path in it.
pub fn decode<T: DeserializeOwned>(file: &DemoFile, value: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value)
        .map_err(|e| format!("demo file {} at {}: {}", file.name, e.path(), e.inner()))
}

/// What the seed has created so far, by the names the data files use.
#[derive(Debug)]
pub struct World<'a> {
    db: &'a DatabaseConnection,
    units: Vec<(String, Uuid)>,
    users: Vec<(String, Uuid)>,
}

impl<'a> World<'a> {
    /// An empty world on `db`.
    pub fn new(db: &'a DatabaseConnection) -> Self {
        Self {
            db,
            units: Vec::new(),
            users: Vec::new(),
        }
    }

    /// Records a unit created under `code`.
    pub fn add_unit(&mut self, code: &str, id: Uuid) {
        self.units.push((code.to_owned(), id));
    }

    /// Records a user created as `username`.
    pub fn add_user(&mut self, username: &str, id: Uuid) {
        self.users.push((username.to_owned(), id));
    }

    /// The usernames of the logins created so far, in order.
    pub fn usernames(&self) -> Vec<String> {
        self.users.iter().map(|(u, _)| u.clone()).collect()
    }

    /// The unit created under `code`.
    pub fn unit(&self, code: &str) -> Result<Uuid, ApiError> {
        self.units
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, id)| *id)
            .ok_or_else(|| ApiError::internal(format!("demo unit {code} missing")))
    }

    /// The id a reference (`unit:…`, `user:…`, `department:UNIT/NAME`, `official:UNIT/NAME`)
    /// names.
    pub async fn id(&self, reference: &str) -> Result<Uuid, ApiError> {
        let missing = || ApiError::internal(format!("demo reference @{reference} not found"));
        let (kind, key) = reference.split_once(':').ok_or_else(missing)?;
        let in_unit = || -> Result<(Uuid, &str), ApiError> {
            let (code, name) = key.split_once('/').ok_or_else(missing)?;
            Ok((self.unit(code)?, name))
        };
        match kind {
            "unit" => self.unit(key),
            "user" => self
                .users
                .iter()
                .find(|(u, _)| u == key)
                .map(|(_, id)| *id)
                .ok_or_else(missing),
            "department" => {
                let (unit_id, name) = in_unit()?;
                departments::Entity::find()
                    .filter(departments::Column::UnitId.eq(unit_id))
                    .filter(departments::Column::NameKey.eq(crate::domain::text::fold(name)))
                    .one(self.db)
                    .await?
                    .map(|d| d.id)
                    .ok_or_else(missing)
            }
            "official" => {
                let (unit_id, name) = in_unit()?;
                officials::Entity::find()
                    .filter(officials::Column::UnitId.eq(unit_id))
                    .filter(officials::Column::FullName.eq(name))
                    .one(self.db)
                    .await?
                    .map(|o| o.id)
                    .ok_or_else(missing)
            }
            _ => Err(missing()),
        }
    }

    /// `value`, a part of `file`, with its references resolved, as a `T`.
    pub async fn resolve<T: DeserializeOwned>(
        &self,
        file: &DemoFile,
        mut value: Value,
    ) -> Result<T, ApiError> {
        let mut ids = BTreeMap::new();
        for r in references(&value) {
            let id = self.id(&r).await?;
            ids.insert(r, Some(id));
        }
        substitute(&mut value, &ids)
            .map_err(|e| ApiError::internal(format!("{}: {e}", file.name)))?;
        decode(file, value).map_err(ApiError::internal)
    }

    /// The whole of `file`, with its references resolved, as a `T`.
    pub async fn load<T: DeserializeOwned>(&self, file: &DemoFile) -> Result<T, ApiError> {
        self.resolve(file, json(file)?).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// The kinds of reference [`World::id`] resolves, and the seed plan's names.
    const KINDS: &[&str] = &["unit:", "user:", "department:", "official:"];
    const PLAN_NAMES: &[&str] = &["van_phong", "tai_chinh", "chairman"];

    /// `file` parses as a `T` (every reference standing for some id), and every value in
    /// it is one this server knows: an enum value it does not know would read as `Unknown`,
    /// which cannot be written back.
    fn parses_as<T: DeserializeOwned + Serialize>(file: &DemoFile) -> Result<(), String> {
        let mut value = json(file).map_err(|e| format!("{e:?}"))?;
        let ids = references(&value)
            .into_iter()
            .map(|r| (r, Some(Uuid::nil())))
            .collect();
        substitute(&mut value, &ids)?;
        let parsed: T = decode(file, value)?;
        serde_json::to_value(&parsed).map_err(|e| format!("{}: {e}", file.name))?;
        Ok(())
    }

    #[test]
    fn demo_files_parse() -> Result<(), String> {
        use super::super::{awards, index, merger, plan, principals, years};
        parses_as::<Vec<cchc_sdk::types::units::UnitIn>>(&UNITS)?;
        parses_as::<principals::PrincipalsFile>(&PRINCIPALS)?;
        parses_as::<Vec<principals::OfficialFile>>(&OFFICIALS)?;
        parses_as::<plan::PlanFile>(&PLAN)?;
        parses_as::<plan::TasksFile>(&TASKS)?;
        parses_as::<cchc_sdk::types::index::FrameworkIn>(&FRAMEWORK_2023)?;
        parses_as::<cchc_sdk::types::portal::StatisticsBatch>(&PORTAL_2023)?;
        parses_as::<index::AssessmentsFile>(&ASSESSMENTS_2023)?;
        parses_as::<awards::AwardsFile>(&AWARDS)?;
        parses_as::<cchc_sdk::types::portal::StatisticsBatch>(&PORTAL_2024)?;
        parses_as::<index::AssessmentsFile>(&ASSESSMENTS_2024)?;
        parses_as::<merger::MapFile>(&MAP_2025)?;
        parses_as::<merger::PeopleFile>(&TAY_HOA_2025)?;
        parses_as::<cchc_sdk::types::index::FrameworkIn>(&FRAMEWORK_2025)?;
        parses_as::<years::UnderWayFile>(&ASSESSMENTS_2025)?;
        parses_as::<cchc_sdk::types::portal::StatisticsBatch>(&PORTAL_2025)?;
        parses_as::<years::RemediationFile>(&REMEDIATION_2025)?;
        parses_as::<awards::AwardsFile>(&AWARDS_2026)?;
        assert_eq!(ALL.len(), 18, "a new demo file needs its line above");
        // The seed plan's content alone, as the API and the tests build it.
        let content = plan::seed_plan_content(plan::SeedRefs::default());
        serde_json::to_value(&content).map_err(|e| format!("plan.json content: {e}"))?;
        Ok(())
    }

    #[test]
    fn demo_references_name_what_exists() -> Result<(), String> {
        fn with_nil_ids<T: DeserializeOwned>(file: &DemoFile) -> Result<T, String> {
            let mut v = json(file).map_err(|e| format!("{e:?}"))?;
            let ids = references(&v)
                .into_iter()
                .map(|r| (r, Some(Uuid::nil())))
                .collect();
            substitute(&mut v, &ids)?;
            decode(file, v)
        }
        let mut units: Vec<cchc_sdk::types::units::UnitIn> = with_nil_ids(&UNITS)?;
        let map: super::super::merger::MapFile = with_nil_ids(&MAP_2025)?;
        units.extend(map.new_units);
        let codes: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
        for file in ALL {
            for r in references(&json(file).map_err(|e| format!("{e:?}"))?) {
                if PLAN_NAMES.contains(&r.as_str()) {
                    continue;
                }
                let Some(kind) = KINDS.iter().find(|k| r.starts_with(**k)) else {
                    return Err(format!("{}: unknown reference @{r}", file.name));
                };
                let key = &r[kind.len()..];
                let code = match *kind {
                    "unit:" => Some(key),
                    "department:" | "official:" => key.split_once('/').map(|(c, _)| c),
                    _ => continue,
                };
                if !code.is_some_and(|c| codes.contains(&c)) {
                    return Err(format!("{}: @{r} names no demo unit", file.name));
                }
            }
        }
        Ok(())
    }

    #[test]
    fn substitute_nulls_and_drops_missing_ids() -> Result<(), String> {
        let mut v = serde_json::json!({"a": "@x", "b": ["@x", "@y"], "c": "plain"});
        let ids = BTreeMap::from([("x".to_owned(), None), ("y".to_owned(), Some(Uuid::nil()))]);
        substitute(&mut v, &ids)?;
        let nil = Uuid::nil().to_string();
        assert_eq!(v, serde_json::json!({"a": null, "b": [nil], "c": "plain"}));
        Ok(())
    }
}
