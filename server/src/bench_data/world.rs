//! The country: provinces with their communes directly under them (two-level government
//! since 1/7/2025), each commune's departments (the commune template of
//! `domain::departments`) and officials, and one unit admin login per unit.

use cchc_sdk::types::auth::Role;
use cchc_sdk::types::officials::OfficialStatus;
use cchc_sdk::types::units::UnitLevel;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use super::rng::{Rng, at, ymd};
use super::sink::Sink;
use super::{BenchError, Options, names, stream};
use crate::domain::codec::enum_str;
use crate::domain::departments::COMMUNE_TEMPLATE;
use crate::domain::text;
use crate::entity::{departments, officials, units, users};

/// A generated province.
#[derive(Debug, Clone)]
pub struct Province {
    /// Its id.
    pub id: Uuid,
    /// Administrative code.
    pub code: String,
    /// Name ("Tỉnh Đắk Lắk").
    pub name: String,
    /// Its unit admin's login.
    pub admin: String,
    /// Its communes (indexes into [`World::communes`]).
    pub communes: Vec<usize>,
}

/// A generated commune.
#[derive(Debug, Clone)]
pub struct Commune {
    /// Position among the communes.
    pub index: usize,
    /// Its id.
    pub id: Uuid,
    /// Administrative code.
    pub code: String,
    /// Name ("Xã Hòa Mỹ").
    pub name: String,
    /// Its province (index into [`World::provinces`]).
    pub province: usize,
    /// Its unit admin's login and id (the actor of its journal).
    pub admin: String,
    /// The admin's user id.
    pub admin_id: Uuid,
    /// Departments: id and short code, in display order.
    pub departments: Vec<(Uuid, String)>,
    /// Officials: id and department (index into `departments`).
    pub officials: Vec<(Uuid, usize)>,
}

/// The units and the people in them.
#[derive(Debug, Clone, Default)]
pub struct World {
    /// The provinces, in order.
    pub provinces: Vec<Province>,
    /// The communes, province after province.
    pub communes: Vec<Commune>,
}

/// When the organisation was set up: the first day of the first year assessed.
pub fn setup_time(opts: &Options) -> DateTime<Utc> {
    at(ymd(opts.first_year(), 1, 2), 1)
}

/// How many communes each province gets: shares of 50–150 drawn from the seed, every
/// province at least one when there are enough communes.
fn shares(opts: &Options) -> Vec<usize> {
    let p = opts.provinces.max(1);
    let mut rng = Rng::new(opts.seed, &[stream::UNITS]);
    let weights: Vec<u64> = (0..p).map(|_| rng.range(50, 150) as u64).collect();
    let total: u64 = weights.iter().sum();
    let c = opts.communes;
    let mut bounds = Vec::with_capacity(p);
    let mut cum = 0u64;
    let mut last = 0usize;
    for (i, w) in weights.iter().enumerate() {
        cum += w;
        let mut b = (c as u128 * u128::from(cum) / u128::from(total)) as usize;
        if c >= p {
            b = b.max(last + 1).min(c - (p - 1 - i));
        }
        bounds.push(b - last.min(b));
        last = b.max(last);
    }
    bounds
}

/// Generates the units, departments, officials and logins into `sink`.
pub fn build(sink: &mut Sink, opts: &Options, password_hash: &str) -> Result<World, BenchError> {
    let t0 = setup_time(opts);
    let mut rng = Rng::new(opts.seed, &[stream::UNITS, 1]);
    let mut world = World::default();
    let sizes = shares(opts);
    let mut tick = 0i64;
    let mut next = |rng: &mut Rng| {
        tick += 1;
        let when = t0 + Duration::milliseconds(tick);
        (rng.uuid_at(when), when)
    };
    for (p, size) in sizes.iter().enumerate() {
        let (code, name) = names::province(p);
        let (id, when) = next(&mut rng);
        sink.put::<units::Entity>(&unit_row(id, &code, &name, UnitLevel::Province, None, when))?;
        let admin = format!("bench.p{code}");
        let (user_id, when) = next(&mut rng);
        let full_name = format!("Quản trị {name}");
        sink.put::<users::Entity>(&user_row(
            user_id,
            &admin,
            &full_name,
            id,
            password_hash,
            when,
        ))?;
        let mut province = Province {
            id,
            code,
            name,
            admin,
            communes: Vec::new(),
        };
        for _ in 0..*size {
            let index = world.communes.len();
            let code = format!("{:05}", 10 + index * 3);
            let name = names::commune(&mut rng);
            let (cid, when) = next(&mut rng);
            let unit = unit_row(cid, &code, &name, UnitLevel::Commune, Some(id), when);
            sink.put::<units::Entity>(&unit)?;
            let admin = format!("bench.{code}");
            let (admin_id, when) = next(&mut rng);
            let full_name = format!("Quản trị {name}");
            sink.put::<users::Entity>(&user_row(
                admin_id,
                &admin,
                &full_name,
                cid,
                password_hash,
                when,
            ))?;
            province.communes.push(index);
            world.communes.push(Commune {
                index,
                id: cid,
                code,
                name,
                province: p,
                admin,
                admin_id,
                departments: Vec::new(),
                officials: Vec::new(),
            });
        }
        world.provinces.push(province);
    }
    for c in &mut world.communes {
        people(sink, opts, c, t0)?;
    }
    Ok(world)
}

/// A commune's departments and officials.
fn people(
    sink: &mut Sink,
    opts: &Options,
    c: &mut Commune,
    t0: DateTime<Utc>,
) -> Result<(), BenchError> {
    let mut rng = Rng::new(opts.seed, &[stream::PEOPLE, c.index as u64]);
    let when = t0 + Duration::hours(1) + Duration::milliseconds(c.index as i64 * 50);
    for order in 0..opts.departments {
        let (name, short, kind) = match COMMUNE_TEMPLATE.get(order) {
            Some((name, short, kind)) => ((*name).to_owned(), (*short).to_owned(), *kind),
            None => (
                format!("Tổ công tác số {}", order + 1),
                format!("TCT{}", order + 1),
                cchc_sdk::types::departments::DepartmentKind::Other,
            ),
        };
        let id = rng.uuid_at(when + Duration::milliseconds(order as i64));
        sink.put::<departments::Entity>(&departments::Model {
            id,
            unit_id: c.id,
            name_key: text::fold(&name),
            name,
            short_code: Some(short.clone()),
            kind: enum_str(&kind),
            description: None,
            head_official_id: None,
            display_order: order as i32,
            archived_at: None,
            created_at: when,
            updated_at: when,
            version: 1,
        })?;
        c.departments.push((id, short));
    }
    let when = when + Duration::milliseconds(20);
    for k in 0..opts.officials {
        let full_name = names::person(&mut rng);
        let (position, dept) = match k {
            0 => (names::POSITIONS[0], Some(0)),
            1 | 2 => (names::POSITIONS[1], Some(0)),
            _ if c.departments.len() > 1 => {
                let d = 1 + (k - 3) % (c.departments.len() - 1);
                (names::POSITIONS[2 + rng.below(4) as usize], Some(d))
            }
            _ => (names::POSITIONS[4], None),
        };
        let position = format!("{position} {}", c.name);
        let dept = dept.filter(|d| *d < c.departments.len());
        let id = rng.uuid_at(when + Duration::milliseconds(k as i64));
        sink.put::<officials::Entity>(&officials::Model {
            id,
            unit_id: c.id,
            search_key: text::fold(&format!("{full_name} {position}")),
            full_name,
            position,
            department_id: dept.map(|d| c.departments[d].0),
            email: None,
            phone: Some(format!("09{:08}", rng.below(100_000_000))),
            status: enum_str(&OfficialStatus::Serving),
            user_id: None,
            created_at: when,
            updated_at: when,
            version: 1,
        })?;
        c.officials.push((id, dept.unwrap_or(0)));
    }
    Ok(())
}

fn unit_row(
    id: Uuid,
    code: &str,
    name: &str,
    level: UnitLevel,
    parent_id: Option<Uuid>,
    when: DateTime<Utc>,
) -> units::Model {
    units::Model {
        id,
        code: code.to_owned(),
        name: name.to_owned(),
        search_key: text::fold(&format!("{name} {code}")),
        level: enum_str(&level),
        parent_id,
        valid_from: None,
        valid_to: None,
        successor_ids: serde_json::json!([]),
        archived_at: None,
        created_at: when,
        updated_at: when,
        version: 1,
    }
}

fn user_row(
    id: Uuid,
    username: &str,
    full_name: &str,
    unit_id: Uuid,
    password_hash: &str,
    when: DateTime<Utc>,
) -> users::Model {
    users::Model {
        id,
        username: username.to_owned(),
        full_name: full_name.to_owned(),
        search_key: text::fold(&format!("{username} {full_name}")),
        unit_id: Some(unit_id),
        roles: serde_json::json!([Role::UnitAdmin]).to_string(),
        official_id: None,
        active: true,
        password_hash: password_hash.to_owned(),
        last_login_at: None,
        created_at: when,
        updated_at: when,
        version: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_gets_communes_and_all_are_placed() {
        let opts = Options {
            provinces: 34,
            communes: 3321,
            ..Options::default()
        };
        let s = shares(&opts);
        assert_eq!(s.len(), 34);
        assert_eq!(s.iter().sum::<usize>(), 3321);
        assert!(s.iter().all(|n| *n >= 1));
        let small = Options {
            provinces: 2,
            communes: 5,
            ..Options::default()
        };
        let s = shares(&small);
        assert_eq!(s.iter().sum::<usize>(), 5);
        assert!(s.iter().all(|n| *n >= 1));
    }
}
