//! The 32 Scottish councils and their LGBF family groups, compiled into the app as versioned data.
//!
//! Family groups are revised from time to time by the Improvement Service, so the table carries a
//! version: bump [`DATA_VERSION`] whenever the table changes, so stored comparisons can say which
//! grouping they used.

use serde::{Deserialize, Serialize};

/// Version of the family-group table below. Bump it whenever a group changes.
pub const DATA_VERSION: u32 = 1;

/// Where the family groups come from, for display next to any comparison.
pub const DATA_SOURCE: &str = "Improvement Service, How do we compare councils";

/// Which LGBF family grouping applies: people services are grouped by deprivation, other
/// services by rurality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    /// Children, social work and housing: grouped by deprivation.
    PeopleServices,
    /// Environmental, culture and leisure, economic development, corporate, property, climate
    /// change: grouped by rurality/urbanity.
    OtherServices,
}

impl ServiceType {
    pub const ALL: [ServiceType; 2] = [ServiceType::PeopleServices, ServiceType::OtherServices];

    /// Short label for radios and summaries.
    pub fn label(self) -> &'static str {
        match self {
            ServiceType::PeopleServices => "People services",
            ServiceType::OtherServices => "Other services",
        }
    }

    /// What the family group is based on, for "family group 2 (by deprivation)".
    pub fn basis(self) -> &'static str {
        match self {
            ServiceType::PeopleServices => "by deprivation",
            ServiceType::OtherServices => "by how rural or urban a council is",
        }
    }

    /// Hint text explaining what the grouping covers.
    pub fn hint(self) -> &'static str {
        match self {
            ServiceType::PeopleServices => {
                "Children, social work and housing. Family groups are based on deprivation."
            }
            ServiceType::OtherServices => {
                "Environmental, culture and leisure, economic development, corporate, property \
                 and climate change. Family groups are based on how rural or urban a council is."
            }
        }
    }
}

/// The two kinds of LGBF family group, for wherever a group is shown: a council can be in the
/// host's group for one kind of service and not the other without any contradiction.
pub const FAMILY_GROUPS_EXPLAINED: &str = "The Local Government Benchmarking Framework puts \
councils with similar circumstances into family groups, numbered 1 to 4, so they can compare \
themselves fairly. There are two kinds of family group. For people services (children, social \
work and housing) councils are grouped by deprivation. For other services (environmental, \
culture and leisure, economic development, corporate, property and climate change) they are \
grouped by how rural or urban they are. So a council can be in the same group as the host for \
one kind of service and a different group for the other.";

/// One council's two family groups in a sentence, naming the grouping that applies first.
/// For example "Moray is in family group 2 for other services (by how rural or urban a council
/// is) and family group 2 for people services (by deprivation)."
pub fn family_groups_sentence(council: &Council, applies: ServiceType) -> String {
    let other = match applies {
        ServiceType::PeopleServices => ServiceType::OtherServices,
        ServiceType::OtherServices => ServiceType::PeopleServices,
    };
    format!(
        "{} is in family group {} for {} ({}) and family group {} for {} ({}).",
        council.name,
        council.group(applies),
        applies.label().to_lowercase(),
        applies.basis(),
        council.group(other),
        other.label().to_lowercase(),
        other.basis(),
    )
}

/// One Scottish council.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Council {
    /// Stable slug, used in stored data: never change one once released.
    pub id: &'static str,
    /// Name as the council styles itself.
    pub name: &'static str,
    /// LGBF family group (1–4) for people services.
    pub people_group: u8,
    /// LGBF family group (1–4) for other services.
    pub other_group: u8,
}

impl Council {
    /// The council's family group for a kind of service.
    pub fn group(&self, service: ServiceType) -> u8 {
        match service {
            ServiceType::PeopleServices => self.people_group,
            ServiceType::OtherServices => self.other_group,
        }
    }
}

const fn c(id: &'static str, name: &'static str, people_group: u8, other_group: u8) -> Council {
    Council {
        id,
        name,
        people_group,
        other_group,
    }
}

/// Copied from the Improvement Service's family-group table (reference CSV), alphabetical.
static COUNCILS: [Council; 32] = [
    c("aberdeen-city", "Aberdeen City", 1, 4),
    c("aberdeenshire", "Aberdeenshire", 1, 1),
    c("angus", "Angus", 2, 3),
    c("argyll-and-bute", "Argyll and Bute", 2, 1),
    c("city-of-edinburgh", "City of Edinburgh", 1, 4),
    c("clackmannanshire", "Clackmannanshire", 3, 3),
    c("dumfries-and-galloway", "Dumfries and Galloway", 3, 1),
    c("dundee-city", "Dundee City", 4, 4),
    c("east-ayrshire", "East Ayrshire", 4, 2),
    c("east-dunbartonshire", "East Dunbartonshire", 1, 4),
    c("east-lothian", "East Lothian", 2, 2),
    c("east-renfrewshire", "East Renfrewshire", 1, 3),
    c("falkirk", "Falkirk", 3, 4),
    c("fife", "Fife", 3, 2),
    c("glasgow-city", "Glasgow City", 4, 4),
    c("highland", "Highland", 2, 1),
    c("inverclyde", "Inverclyde", 4, 3),
    c("midlothian", "Midlothian", 2, 3),
    c("moray", "Moray", 2, 2),
    c("na-h-eileanan-siar", "Na h-Eileanan Siar", 4, 1),
    c("north-ayrshire", "North Ayrshire", 4, 2),
    c("north-lanarkshire", "North Lanarkshire", 4, 4),
    c("orkney-islands", "Orkney Islands", 1, 1),
    c("perth-and-kinross", "Perth and Kinross", 1, 2),
    c("renfrewshire", "Renfrewshire", 3, 3),
    c("scottish-borders", "Scottish Borders", 2, 1),
    c("shetland-islands", "Shetland Islands", 1, 1),
    c("south-ayrshire", "South Ayrshire", 3, 2),
    c("south-lanarkshire", "South Lanarkshire", 3, 3),
    c("stirling", "Stirling", 2, 2),
    c("west-dunbartonshire", "West Dunbartonshire", 4, 4),
    c("west-lothian", "West Lothian", 3, 3),
];

/// Other names officers and published data use (already normalised by [`name_key`]). Each
/// council's own name, with "&" or "and", matches without being listed.
const ALIASES: [(&str, &str); 23] = [
    ("edinburgh city", "city-of-edinburgh"),
    ("edinburgh city of", "city-of-edinburgh"),
    ("edinburgh", "city-of-edinburgh"),
    ("city of edinburgh council", "city-of-edinburgh"),
    ("eilean siar", "na-h-eileanan-siar"),
    ("comhairle nan eilean siar", "na-h-eileanan-siar"),
    ("western isles", "na-h-eileanan-siar"),
    ("outer hebrides", "na-h-eileanan-siar"),
    ("orkney", "orkney-islands"),
    ("shetland", "shetland-islands"),
    ("borders", "scottish-borders"),
    ("glasgow", "glasgow-city"),
    ("dundee", "dundee-city"),
    ("aberdeen", "aberdeen-city"),
    ("highland council", "highland"),
    ("the highland council", "highland"),
    ("argyll", "argyll-and-bute"),
    ("perth", "perth-and-kinross"),
    ("dumfries", "dumfries-and-galloway"),
    ("clacks", "clackmannanshire"),
    ("east dunbartonshire council", "east-dunbartonshire"),
    ("moray council", "moray"),
    ("fife council", "fife"),
];

/// All 32 councils, alphabetical by name.
pub fn all() -> &'static [Council] {
    &COUNCILS
}

/// The council with this id, if any.
pub fn by_id(id: &str) -> Option<&'static Council> {
    COUNCILS.iter().find(|c| c.id == id)
}

/// The council a published name refers to, tolerating "&"/"and", case, punctuation and the
/// usual alternative names ("Edinburgh City", "Eilean Siar", "Western Isles", …).
pub fn by_name(name: &str) -> Option<&'static Council> {
    let key = name_key(name);
    if key.is_empty() {
        return None;
    }
    COUNCILS
        .iter()
        .find(|c| name_key(c.name) == key || name_key(c.id) == key)
        .or_else(|| {
            let (_, id) = ALIASES.iter().find(|(alias, _)| *alias == key)?;
            by_id(id)
        })
}

/// The other names a council is known by (for hints such as "also Eilean Siar, Western Isles").
pub fn other_names(council: &Council) -> Vec<&'static str> {
    const SHOWN: [(&str, &str); 8] = [
        ("city-of-edinburgh", "Edinburgh"),
        ("na-h-eileanan-siar", "Eilean Siar"),
        ("na-h-eileanan-siar", "Western Isles"),
        ("na-h-eileanan-siar", "Comhairle nan Eilean Siar"),
        ("glasgow-city", "Glasgow"),
        ("dundee-city", "Dundee"),
        ("aberdeen-city", "Aberdeen"),
        ("orkney-islands", "Orkney"),
    ];
    let mut v: Vec<&'static str> = SHOWN
        .iter()
        .filter(|(id, _)| *id == council.id)
        .map(|(_, n)| *n)
        .collect();
    if council.id == "shetland-islands" {
        v.push("Shetland");
    }
    v
}

/// The council's name for an alphabetical list, so officers find it under the letter they
/// expect: "Edinburgh, City of" under E. Others are their own name.
pub fn list_name(council: &Council) -> &'static str {
    match council.id {
        "city-of-edinburgh" => "Edinburgh, City of",
        _ => council.name,
    }
}

/// All 32 councils ordered by [`list_name`], for a select or radio list.
pub fn in_list_order() -> Vec<&'static Council> {
    let mut v: Vec<&'static Council> = COUNCILS.iter().collect();
    v.sort_by_key(|c| list_name(c));
    v
}

/// Councils matching what someone typed, best first, under any name officers use: "Edin",
/// "City of Edinburgh", "Eilean Siar", "western isles", "Glasgow", "Perth & Kinross" (but no
/// guessed abbreviations such as "P&K"). Every typed word must start a word of the council's name or of one of its
/// other names. An exact name comes first, then names starting with the text, then the rest,
/// each alphabetical by [`list_name`]. Empty text matches nothing.
pub fn search(text: &str) -> Vec<&'static Council> {
    let key = name_key(text);
    if key.is_empty() {
        return Vec::new();
    }
    // Joining words alone ("&", "of") would match half the list.
    let words: Vec<&str> = key
        .split(' ')
        .filter(|w| !matches!(*w, "and" | "of" | "the"))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u8, &'static str, &'static Council)> = Vec::new();
    for c in COUNCILS.iter() {
        let mut names = vec![name_key(c.name), name_key(list_name(c))];
        names.extend(
            ALIASES
                .iter()
                .filter(|(_, id)| *id == c.id)
                .map(|(a, _)| a.to_string()),
        );
        let rank = names
            .iter()
            .filter_map(|n| {
                let name_words: Vec<&str> = n.split(' ').collect();
                let all_words = words
                    .iter()
                    .all(|w| name_words.iter().any(|nw| nw.starts_with(w)));
                if *n == key {
                    Some(0)
                } else if n.starts_with(&key) {
                    Some(1)
                } else if all_words {
                    Some(2)
                } else {
                    None
                }
            })
            .min();
        if let Some(rank) = rank {
            hits.push((rank, list_name(c), c));
        }
    }
    hits.sort_by_key(|&(rank, name, _)| (rank, name));
    hits.into_iter().map(|(_, _, c)| c).collect()
}

/// Lower-case words with "&" as "and" and punctuation (commas, hyphens) as spaces.
fn name_key(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|ch| match ch {
            '&' => " and ".to_string(),
            c if c.is_alphanumeric() => c.to_lowercase().collect(),
            _ => " ".to_string(),
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The family group (1–4) of a council for a kind of service.
pub fn family_group(council: &Council, service: ServiceType) -> u8 {
    council.group(service)
}

/// A council that could be approached for peer reviewers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Candidate {
    pub council: &'static Council,
    /// In the host's family group for the chosen service type.
    pub same_group: bool,
}

/// Every council except the host: the host's family group first, then the rest, each part
/// alphabetical. An unknown host gives all councils alphabetically, none flagged.
pub fn candidates(host_id: &str, service: ServiceType) -> Vec<Candidate> {
    let host_group = by_id(host_id).map(|h| h.group(service));
    let mut list: Vec<Candidate> = COUNCILS
        .iter()
        .filter(|c| c.id != host_id)
        .map(|council| Candidate {
            council,
            same_group: Some(council.group(service)) == host_group,
        })
        .collect();
    list.sort_by(|a, b| {
        b.same_group
            .cmp(&a.same_group)
            .then(a.council.name.cmp(b.council.name))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference CSV as shipped; the compiled table must agree with it row for row.
    const REFERENCE: &str = r#"council,people_services_family_group,other_services_family_group
"Aberdeen City",1,4
"Aberdeenshire",1,1
"Angus",2,3
"Argyll & Bute",2,1
"Clackmannanshire",3,3
"Dumfries & Galloway",3,1
"Dundee City",4,4
"East Ayrshire",4,2
"East Dunbartonshire",1,4
"East Lothian",2,2
"East Renfrewshire",1,3
"Edinburgh City of",1,4
"Eilean Siar",4,1
"Falkirk",3,4
"Fife",3,2
"Glasgow City",4,4
"Highland",2,1
"Inverclyde",4,3
"Midlothian",2,3
"Moray",2,2
"North Ayrshire",4,2
"North Lanarkshire",4,4
"Orkney Islands",1,1
"Perth & Kinross",1,2
"Renfrewshire",3,3
"Scottish Borders",2,1
"Shetland Islands",1,1
"South Ayrshire",3,2
"South Lanarkshire",3,3
"Stirling",2,2
"West Dunbartonshire",4,4
"West Lothian",3,3"#;

    #[test]
    fn exactly_32_with_unique_ids_and_names() {
        assert_eq!(all().len(), 32);
        let mut ids: Vec<_> = all().iter().map(|c| c.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 32);
        for c in all() {
            assert!(
                c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{}",
                c.id
            );
            assert_eq!(by_id(c.id), Some(c));
        }
        // Alphabetical, so `all()` can feed a select directly.
        assert!(all().windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn matches_reference_table() {
        let mut seen = 0;
        for line in REFERENCE.lines().skip(1) {
            let mut cols = line.rsplitn(3, ',');
            let other: u8 = cols.next().unwrap().parse().unwrap();
            let people: u8 = cols.next().unwrap().parse().unwrap();
            let name = cols.next().unwrap().trim_matches('"');
            let council = by_name(name).unwrap_or_else(|| panic!("no council for {name}"));
            assert_eq!(
                (council.people_group, council.other_group),
                (people, other),
                "{name}"
            );
            seen += 1;
        }
        assert_eq!(seen, 32);
    }

    #[test]
    fn every_group_is_1_to_4_and_non_empty() {
        for service in ServiceType::ALL {
            for g in 1..=4 {
                assert!(
                    all().iter().any(|c| family_group(c, service) == g),
                    "{service:?} {g}"
                );
            }
            assert!(all().iter().all(|c| (1..=4).contains(&c.group(service))));
        }
    }

    #[test]
    fn names_are_matched_tolerantly() {
        let id = |n: &str| by_name(n).map(|c| c.id);
        assert_eq!(id("Argyll & Bute"), Some("argyll-and-bute"));
        assert_eq!(id("argyll and bute"), Some("argyll-and-bute"));
        assert_eq!(id("  PERTH &KINROSS "), Some("perth-and-kinross"));
        assert_eq!(id("Edinburgh, City of"), Some("city-of-edinburgh"));
        assert_eq!(id("Edinburgh City"), Some("city-of-edinburgh"));
        assert_eq!(id("City of Edinburgh"), Some("city-of-edinburgh"));
        assert_eq!(id("Na h-Eileanan Siar"), Some("na-h-eileanan-siar"));
        assert_eq!(id("Eilean Siar"), Some("na-h-eileanan-siar"));
        assert_eq!(id("Western Isles"), Some("na-h-eileanan-siar"));
        assert_eq!(id("aberdeen-city"), Some("aberdeen-city"));
        assert_eq!(id("Scotland"), None);
        assert_eq!(id(""), None);
        assert_eq!(id("&"), None);
    }

    fn found(text: &str) -> Vec<&'static str> {
        search(text).into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn search_finds_councils_under_the_names_officers_use() {
        for (text, id) in [
            ("Edinburgh", "city-of-edinburgh"),
            ("edin", "city-of-edinburgh"),
            ("City of Edinburgh", "city-of-edinburgh"),
            ("Edinburgh, City of", "city-of-edinburgh"),
            ("Na h-Eileanan Siar", "na-h-eileanan-siar"),
            ("Eilean Siar", "na-h-eileanan-siar"),
            ("Western Isles", "na-h-eileanan-siar"),
            ("western", "na-h-eileanan-siar"),
            ("Comhairle nan Eilean Siar", "na-h-eileanan-siar"),
            ("Glasgow", "glasgow-city"),
            ("Glasgow City", "glasgow-city"),
            ("Dundee", "dundee-city"),
            ("Dundee City", "dundee-city"),
            ("Aberdeen City", "aberdeen-city"),
            ("Orkney", "orkney-islands"),
            ("Orkney Islands", "orkney-islands"),
            ("Shetland", "shetland-islands"),
            ("Shetland Islands", "shetland-islands"),
            ("Argyll and Bute", "argyll-and-bute"),
            ("Argyll & Bute", "argyll-and-bute"),
            ("Perth & Kinross", "perth-and-kinross"),
            ("perth and kinross", "perth-and-kinross"),
            ("Dumfries & Galloway", "dumfries-and-galloway"),
            ("Borders", "scottish-borders"),
            ("The Highland Council", "highland"),
        ] {
            assert_eq!(found(text).first().copied(), Some(id), "{text}");
        }
        // "Aberdeen" is both Aberdeen City and Aberdeenshire: the exact name first.
        assert_eq!(found("Aberdeen"), ["aberdeen-city", "aberdeenshire"]);
        // Several matches, alphabetical within a rank.
        assert_eq!(
            found("east"),
            [
                "east-ayrshire",
                "east-dunbartonshire",
                "east-lothian",
                "east-renfrewshire"
            ]
        );
        // Words match from their start: "lothian" is not inside "Midlothian".
        assert_eq!(found("lothian"), ["east-lothian", "west-lothian"]);
        assert!(found("").is_empty() && found(" & ").is_empty());
        assert!(found("Atlantis").is_empty());
        // by_name knows the short names too.
        assert_eq!(by_name("Glasgow").map(|c| c.id), Some("glasgow-city"));
        assert_eq!(by_name("Dundee").map(|c| c.id), Some("dundee-city"));
    }

    #[test]
    fn lists_put_edinburgh_under_e() {
        let names: Vec<&str> = in_list_order().into_iter().map(list_name).collect();
        assert_eq!(names.len(), 32);
        let e = names
            .iter()
            .position(|n| *n == "Edinburgh, City of")
            .unwrap();
        assert_eq!(names[e - 1], "East Renfrewshire");
        assert_eq!(names[e + 1], "Falkirk");
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        let isles = by_id("na-h-eileanan-siar").unwrap();
        assert_eq!(
            other_names(isles),
            ["Eilean Siar", "Western Isles", "Comhairle nan Eilean Siar"]
        );
        assert!(other_names(by_id("fife").unwrap()).is_empty());
    }

    #[test]
    fn family_groups_are_explained_both_ways() {
        assert!(FAMILY_GROUPS_EXPLAINED.contains("grouped by deprivation"));
        assert!(FAMILY_GROUPS_EXPLAINED.contains("how rural or urban"));
        let angus = by_id("angus").unwrap();
        assert_eq!(
            family_groups_sentence(angus, ServiceType::PeopleServices),
            "Angus is in family group 2 for people services (by deprivation) and family group \
             3 for other services (by how rural or urban a council is)."
        );
        assert!(family_groups_sentence(angus, ServiceType::OtherServices)
            .starts_with("Angus is in family group 3 for other services"));
    }

    #[test]
    fn candidates_put_family_group_first() {
        let list = candidates("angus", ServiceType::OtherServices);
        assert_eq!(list.len(), 31);
        assert!(list.iter().all(|c| c.council.id != "angus"));
        let same: Vec<_> = list
            .iter()
            .filter(|c| c.same_group)
            .map(|c| c.council.name)
            .collect();
        assert_eq!(
            same,
            [
                "Clackmannanshire",
                "East Renfrewshire",
                "Inverclyde",
                "Midlothian",
                "Renfrewshire",
                "South Lanarkshire",
                "West Lothian"
            ]
        );
        // Same-group block first, then the rest alphabetically.
        let first_other = list.iter().position(|c| !c.same_group).unwrap();
        assert_eq!(first_other, same.len());
        assert!(list[first_other..].iter().all(|c| !c.same_group));
        assert!(list[first_other..]
            .windows(2)
            .all(|w| w[0].council.name < w[1].council.name));
        assert_eq!(list[first_other].council.id, "aberdeen-city");
    }

    #[test]
    fn candidates_for_unknown_host_are_all_alphabetical() {
        let list = candidates("nhs-tayside", ServiceType::PeopleServices);
        assert_eq!(list.len(), 32);
        assert!(list.iter().all(|c| !c.same_group));
        assert!(list
            .windows(2)
            .all(|w| w[0].council.name < w[1].council.name));
    }

    #[test]
    fn service_type_serialises_snake_case() {
        assert_eq!(
            serde_json::to_string(&ServiceType::PeopleServices).unwrap(),
            "\"people_services\""
        );
    }
}
