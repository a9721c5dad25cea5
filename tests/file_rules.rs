#![cfg(not(target_arch = "wasm32"))]
//! What each kind of file may carry (issue 9): for every kind, the files the app makes pass,
//! and a table of forged files, each made with the real encoder and decoder, is refused with its
//! rule named, a message naming the file, and this browser's revisions left exactly as they were.

use critical_friend::domain::author::{self, Role};
use critical_friend::domain::bundle::{
    decode, encode, Bundle, BundleKind, CreatedBy, Decoded, Header, Problem, ReviewRef,
};
use critical_friend::domain::date::Date;
use critical_friend::domain::invitation::InvitationInfo;
use critical_friend::domain::revision::{
    plan_import, tombstone_body, RecordKind, Revision, RevisionSet,
};
use critical_friend::domain::rules::{self, Rule, BACKED_UP_META};
use serde_json::{json, Map, Value};

const REVIEW: &str = "rv-1";
const OTHER_REVIEW: &str = "rv-2";

fn host() -> String {
    author::for_review(Role::Host, "host-secret", REVIEW)
}
fn peer() -> String {
    author::for_review(Role::Peer, "peer-secret", REVIEW)
}
fn respondent(response_id: &str) -> String {
    author::for_response("stakeholder-secret", REVIEW, response_id)
}

fn rev(record: &str, kind: RecordKind, parents: &[&Revision], who: &str, at: i64) -> Revision {
    rev_in(REVIEW, record, kind, parents, who, at, json!({"v": at}))
}

fn rev_in(
    review: &str,
    record: &str,
    kind: RecordKind,
    parents: &[&Revision],
    who: &str,
    at: i64,
    body: Value,
) -> Revision {
    Revision::new(
        record,
        review,
        kind,
        parents.iter().map(|p| p.rev_id.clone()).collect(),
        who,
        at,
        1,
        body,
    )
}

/// What the host's browser holds: a set-up, a checklist, one stakeholder's response, a
/// response the host typed in from paper, and a peer's note.
struct Host {
    setup: Revision,
    checklist: Revision,
    response_a: Revision,
    paper: Revision,
    note: Revision,
    local: RevisionSet,
}

fn host_browser() -> Host {
    let setup = rev(REVIEW, RecordKind::Review, &[], &host(), 1);
    let checklist = rev("checklist", RecordKind::Checklist, &[], &host(), 2);
    let response_a = rev(
        "resp-a",
        RecordKind::Response,
        &[],
        &respondent("resp-a"),
        3,
    );
    let paper = rev("resp-paper", RecordKind::Response, &[], &host(), 4);
    let note = rev("note-1", RecordKind::Note, &[], &peer(), 5);
    let local = RevisionSet::from_revisions([
        setup.clone(),
        checklist.clone(),
        response_a.clone(),
        paper.clone(),
        note.clone(),
    ]);
    Host {
        setup,
        checklist,
        response_a,
        paper,
        note,
        local,
    }
}

fn name(kind: BundleKind) -> String {
    format!("Fife – Housing voids – {} – 3f2a.pcibundle", kind.as_str())
}

/// A file as the app would write it, read back as the import page would.
fn file(kind: BundleKind, revs: &[Revision], extra: Map<String, Value>) -> Bundle {
    let review = ReviewRef {
        id: REVIEW.into(),
        title: "Fife – Housing voids".into(),
    };
    let by = CreatedBy {
        id: "dev-x".into(),
        org: None,
    };
    let text = encode(kind, Some(&review), &by, 1_000, "0.1.0", revs, &extra);
    match decode(&name(kind), text.as_bytes()) {
        Ok(Decoded::Plain(b)) => b,
        other => panic!("the encoder made a file the decoder refuses: {other:?}"),
    }
}

fn extra(pairs: Value) -> Map<String, Value> {
    match pairs {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn invitation_extra() -> Map<String, Value> {
    InvitationInfo {
        review_id: REVIEW.into(),
        title: "Housing voids".into(),
        host: "Fife Council".into(),
        closing_date: Date::new(2026, 1, 16),
        groups: vec!["Tenants".into()],
        message: "Please respond by Friday.".into(),
        ..InvitationInfo::default()
    }
    .to_extra()
}

/// The import pipeline as the UI runs it: check, then plan and apply only if the file passes.
fn import(local: &mut RevisionSet, b: &Bundle) -> Result<(), Rule> {
    if let Err(e) = rules::check(&name(b.header.kind), b, local) {
        let Problem::Refused { rule } = e.problem.clone() else {
            panic!("check gave a problem that is not a refusal: {e:?}");
        };
        return Err(rule);
    }
    plan_import(local, &b.content.revisions, None).apply(local);
    Ok(())
}

/// Asserts the file is refused for `want`, with a message naming the file and saying nothing
/// was imported, and that this browser's revisions are unchanged.
fn assert_refused(case: &str, local: &RevisionSet, b: &Bundle, want: Rule) {
    let before = local.clone();
    let mut after = local.clone();
    let got = import(&mut after, b);
    assert_eq!(got, Err(want.clone()), "{case}");
    assert_eq!(after, before, "{case}: the store changed");
    let msg = rules::check(&name(b.header.kind), b, local)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains(&name(b.header.kind)), "{case}: {msg}");
    assert!(msg.contains(&want.to_string()), "{case}: {msg}");
    assert!(msg.ends_with("Nothing was imported."), "{case}: {msg}");
}

fn assert_accepted(case: &str, local: &RevisionSet, b: &Bundle) {
    let mut after = local.clone();
    assert_eq!(import(&mut after, b), Ok(()), "{case}");
    assert!(
        b.content
            .revisions
            .iter()
            .all(|r| after.contains(&r.rev_id)),
        "{case}"
    );
}

// ---- What the app makes passes ----

#[test]
fn every_file_the_app_makes_passes() {
    let h = host_browser();
    let fresh = RevisionSet::new();
    // Invitation: the checklist record's whole history and the stakeholder summary.
    let checklist2 = rev(
        "checklist",
        RecordKind::Checklist,
        &[&h.checklist],
        &host(),
        6,
    );
    let invitation = file(
        BundleKind::Invitation,
        &[h.checklist.clone(), checklist2],
        invitation_extra(),
    );
    assert!(invitation.content.extra.contains_key("respond_by"));
    assert_accepted("invitation into a new browser", &fresh, &invitation);
    assert_accepted("invitation back into the host's own", &h.local, &invitation);

    // Response: one record, every revision of it, by its own author.
    let who = respondent("resp-b");
    let r1 = rev("resp-b", RecordKind::Response, &[], &who, 10);
    let r2 = rev("resp-b", RecordKind::Response, &[&r1], &who, 11);
    let response = file(BundleKind::Response, &[r1, r2], Map::new());
    assert_accepted("a new response", &h.local, &response);
    // The same stakeholder's later answers to a response the host already has.
    let a2 = rev(
        "resp-a",
        RecordKind::Response,
        &[&h.response_a],
        &respondent("resp-a"),
        12,
    );
    let update = file(
        BundleKind::Response,
        &[h.response_a.clone(), a2.clone()],
        Map::new(),
    );
    assert_accepted("an updated response", &h.local, &update);
    // …even after the host withdrew it (a host revision on the record).
    let mut withdrawn = h.local.clone();
    withdrawn.insert(rev(
        "resp-a",
        RecordKind::Response,
        &[&h.response_a],
        &host(),
        13,
    ));
    assert_accepted("an update to a withdrawn response", &withdrawn, &update);

    // Contribution: participant kinds, including deleting one's own note.
    let del = rev_in(
        REVIEW,
        "note-1",
        RecordKind::Note,
        &[&h.note],
        &peer(),
        14,
        tombstone_body(),
    );
    let contribution = file(
        BundleKind::Contribution,
        &[
            h.note.clone(),
            del,
            rev("vote-1", RecordKind::Vote, &[], &peer(), 15),
            rev("afi-1", RecordKind::Afi, &[], &peer(), 16),
            rev("act-1", RecordKind::Action, &[], &peer(), 17),
            rev("sec-1", RecordKind::ReportSection, &[], &peer(), 18),
        ],
        Map::new(),
    );
    assert_accepted("a contribution", &h.local, &contribution);

    // Backup: everything, this browser's settings for the review, even deleting the review.
    let mut meta = Map::new();
    for prefix in BACKED_UP_META {
        meta.insert(format!("{prefix}{REVIEW}"), json!("x"));
    }
    let gone = rev_in(
        REVIEW,
        REVIEW,
        RecordKind::Review,
        &[&h.setup],
        &host(),
        20,
        tombstone_body(),
    );
    let mut all = h.local.to_vec();
    all.push(gone.clone());
    let backup = file(
        BundleKind::Backup,
        &all,
        extra(json!({ "local_meta": meta })),
    );
    assert_accepted("a backup into a new browser", &fresh, &backup);
    assert_accepted("a backup into the same browser", &h.local, &backup);

    // Workspace: two reviews and the settings for both.
    let other = rev_in(
        OTHER_REVIEW,
        OTHER_REVIEW,
        RecordKind::Review,
        &[],
        &host(),
        21,
        json!({}),
    );
    all.push(other);
    let ws = encode(
        BundleKind::Workspace,
        None,
        &CreatedBy::default(),
        1,
        "0.1.0",
        &all,
        &extra(json!({"local_meta": {
            "role:rv-1": "host", "role:rv-2": "host", "invite_message:rv-2": "Hello"
        }})),
    );
    let Ok(Decoded::Plain(ws)) = decode(&name(BundleKind::Workspace), ws.as_bytes()) else {
        panic!("workspace did not decode");
    };
    assert_accepted("a workspace backup", &fresh, &ws);
}

#[test]
fn the_format_1_response_fixture_passes() {
    let bytes = include_bytes!("fixtures/v1-response.pcibundle");
    let Ok(Decoded::Plain(b)) = decode("v1-response.pcibundle", bytes) else {
        panic!("fixture did not decode");
    };
    assert_eq!(
        rules::check("v1-response.pcibundle", &b, &RevisionSet::new()),
        Ok(())
    );
}

#[test]
fn an_older_invitation_with_the_set_up_is_refused() {
    // Early format 2 invitations carried the review set-up, which holds the team's contact
    // details and would overwrite the host's own if the host opened it. The app no longer
    // makes them; the host is asked for a new one.
    let bytes = include_bytes!("fixtures/v2-invitation.pcibundle");
    let Ok(Decoded::Plain(b)) = decode("v2-invitation.pcibundle", bytes) else {
        panic!("fixture did not decode");
    };
    let e = rules::check("v2-invitation.pcibundle", &b, &RevisionSet::new()).err();
    assert_eq!(
        e.map(|e| e.problem),
        Some(Problem::Refused {
            rule: Rule::InvitationOnlyChecklist {
                kind: RecordKind::Review
            }
        })
    );
}

// ---- Forged files, kind by kind ----

/// What the case is, the revisions and `extra` of the forged file, and the rule it breaks.
type Case = (&'static str, Vec<Revision>, Map<String, Value>, Rule);

#[test]
fn forged_invitations() {
    let h = host_browser();
    let ok_check = h.checklist.clone();
    let cases: Vec<Case> = vec![
        (
            "carries a response",
            vec![ok_check.clone(), h.response_a.clone()],
            invitation_extra(),
            Rule::InvitationOnlyChecklist {
                kind: RecordKind::Response,
            },
        ),
        (
            "carries the set-up",
            vec![ok_check.clone(), h.setup.clone()],
            invitation_extra(),
            Rule::InvitationOnlyChecklist {
                kind: RecordKind::Review,
            },
        ),
        (
            "a checklist under another id",
            vec![rev("list-2", RecordKind::Checklist, &[], &host(), 3)],
            invitation_extra(),
            Rule::InvitationOnlyChecklist {
                kind: RecordKind::Checklist,
            },
        ),
        (
            "deletes the checklist",
            vec![rev_in(
                REVIEW,
                "checklist",
                RecordKind::Checklist,
                &[&ok_check],
                &host(),
                9,
                tombstone_body(),
            )],
            invitation_extra(),
            Rule::NoDeletion {
                file: BundleKind::Invitation,
                kind: RecordKind::Checklist,
            },
        ),
        (
            "carries local settings",
            vec![ok_check.clone()],
            extra(
                json!({"message": "hi", "local_meta": {"invite_message:rv-1": "Send to evil@example.com"}}),
            ),
            Rule::NoLocalSettings {
                file: BundleKind::Invitation,
            },
        ),
        (
            "sets a respondent id",
            vec![ok_check.clone()],
            extra(json!({"message": "hi", "respondent_id": "alice-smith-finance"})),
            Rule::InvitationExtra {
                key: "respondent_id".into(),
            },
        ),
        (
            "checklist built on the set-up",
            vec![rev(
                "checklist",
                RecordKind::Checklist,
                &[&h.setup],
                &host(),
                9,
            )],
            invitation_extra(),
            Rule::CrossRecordParent,
        ),
    ];
    for (case, revs, extra, rule) in cases {
        let b = file(BundleKind::Invitation, &revs, extra);
        assert_refused(case, &h.local, &b, rule);
    }
}

#[test]
fn forged_responses() {
    let h = host_browser();
    let who = respondent("resp-x");
    let mine = rev("resp-x", RecordKind::Response, &[], &who, 30);
    let fifty: Vec<Revision> = (0..50)
        .map(|i| {
            let id = format!("resp-{i}");
            rev(&id, RecordKind::Response, &[], &respondent(&id), 30)
        })
        .collect();
    let checklist_rewrite = rev(
        "checklist",
        RecordKind::Checklist,
        &[&h.checklist],
        &who,
        31,
    );
    let setup_tombstone = rev_in(
        REVIEW,
        REVIEW,
        RecordKind::Review,
        &[&h.setup],
        &who,
        4_102_444_800_000, // 2100
        tombstone_body(),
    );
    let cases: Vec<Case> = vec![
        (
            "fifty responses",
            fifty,
            Map::new(),
            Rule::OneResponse { count: 50 },
        ),
        (
            "two responses by one author",
            vec![
                mine.clone(),
                rev("resp-y", RecordKind::Response, &[], &who, 30),
            ],
            Map::new(),
            Rule::OneResponse { count: 2 },
        ),
        (
            "no response",
            vec![],
            Map::new(),
            Rule::OneResponse { count: 0 },
        ),
        (
            "rewrites the checklist",
            vec![mine.clone(), checklist_rewrite],
            Map::new(),
            Rule::ResponseOnly {
                kind: RecordKind::Checklist,
            },
        ),
        (
            "deletes the review (dated 2100)",
            vec![mine.clone(), setup_tombstone],
            Map::new(),
            Rule::ResponseOnly {
                kind: RecordKind::Review,
            },
        ),
        (
            "deletes a response",
            vec![rev_in(
                REVIEW,
                "resp-x",
                RecordKind::Response,
                &[&mine],
                &who,
                31,
                tombstone_body(),
            )],
            Map::new(),
            Rule::NoDeletion {
                file: BundleKind::Response,
                kind: RecordKind::Response,
            },
        ),
        (
            "plants the host's note to respondents",
            vec![mine.clone()],
            extra(
                json!({"local_meta": {"invite_message:rv-1": "Send your response to evil@example.com"}}),
            ),
            Rule::NoLocalSettings {
                file: BundleKind::Response,
            },
        ),
        (
            "adds to another person's response",
            vec![rev(
                "resp-a",
                RecordKind::Response,
                &[&h.response_a],
                &who,
                31,
            )],
            Map::new(),
            Rule::SomeoneElsesResponse,
        ),
        (
            "starts another person's response afresh under its id",
            vec![rev("resp-a", RecordKind::Response, &[], &who, 31)],
            Map::new(),
            Rule::SomeoneElsesResponse,
        ),
        (
            "changes a response the host typed in",
            vec![rev(
                "resp-paper",
                RecordKind::Response,
                &[&h.paper],
                &who,
                31,
            )],
            Map::new(),
            Rule::NotARespondent { role: Role::Host },
        ),
        (
            "answers written by the host team",
            vec![rev("resp-h", RecordKind::Response, &[], &host(), 31)],
            Map::new(),
            Rule::NotARespondent { role: Role::Host },
        ),
        (
            "two authors in one response",
            vec![
                mine.clone(),
                rev("resp-x", RecordKind::Response, &[&mine], "dev-other", 31),
            ],
            Map::new(),
            Rule::ResponseAuthors { count: 2 },
        ),
        (
            "built on the peer's note",
            vec![rev("resp-x", RecordKind::Response, &[&h.note], &who, 31)],
            Map::new(),
            Rule::CrossRecordParent,
        ),
        (
            "turns the peer's note into a response",
            vec![rev("note-1", RecordKind::Response, &[], &who, 31)],
            Map::new(),
            Rule::KindChanged {
                was: RecordKind::Note,
                now: RecordKind::Response,
            },
        ),
        (
            "uses the review's id",
            vec![rev(REVIEW, RecordKind::Response, &[], &who, 31)],
            Map::new(),
            Rule::RecordIdShape {
                kind: RecordKind::Response,
            },
        ),
    ];
    for (case, revs, extra, rule) in cases {
        let b = file(BundleKind::Response, &revs, extra);
        assert_refused(case, &h.local, &b, rule);
    }
    // The count is in the message.
    let b = file(
        BundleKind::Response,
        &(0..50)
            .map(|i| rev(&format!("r{i}"), RecordKind::Response, &[], &who, 1))
            .collect::<Vec<_>>(),
        Map::new(),
    );
    let msg = rules::check(&name(BundleKind::Response), &b, &h.local)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        msg.as_deref(),
        Some(
            "Fife – Housing voids – response – 3f2a.pcibundle was refused: a response file may \
             only carry one response, and this one carries 50. Nothing was imported."
        )
    );
}

#[test]
fn forged_contributions() {
    let h = host_browser();
    let n = rev("note-2", RecordKind::Note, &[], &peer(), 40);
    let cases: Vec<Case> = vec![
        (
            "a response relabelled as a contribution",
            vec![rev(
                "resp-x",
                RecordKind::Response,
                &[],
                &respondent("resp-x"),
                40,
            )],
            Map::new(),
            Rule::ContributionKind {
                kind: RecordKind::Response,
            },
        ),
        (
            "rewrites the checklist",
            vec![
                n.clone(),
                rev(
                    "checklist",
                    RecordKind::Checklist,
                    &[&h.checklist],
                    &peer(),
                    41,
                ),
            ],
            Map::new(),
            Rule::ContributionKind {
                kind: RecordKind::Checklist,
            },
        ),
        (
            "deletes the review",
            vec![rev_in(
                REVIEW,
                REVIEW,
                RecordKind::Review,
                &[&h.setup],
                &peer(),
                41,
                tombstone_body(),
            )],
            Map::new(),
            Rule::ContributionKind {
                kind: RecordKind::Review,
            },
        ),
        (
            "carries local settings",
            vec![n.clone()],
            extra(json!({"local_meta": {"role:rv-1": "host"}})),
            Rule::NoLocalSettings {
                file: BundleKind::Contribution,
            },
        ),
        (
            "a note built on another note",
            vec![rev("note-2", RecordKind::Note, &[&h.note], &peer(), 41)],
            Map::new(),
            Rule::CrossRecordParent,
        ),
        (
            "a note built on a note in the same file",
            vec![
                n.clone(),
                rev("note-3", RecordKind::Note, &[&n], &peer(), 41),
            ],
            Map::new(),
            Rule::CrossRecordParent,
        ),
        (
            "one record, two kinds",
            vec![
                n.clone(),
                rev("note-2", RecordKind::Vote, &[&n], &peer(), 41),
            ],
            Map::new(),
            Rule::KindChanged {
                was: RecordKind::Note,
                now: RecordKind::Vote,
            },
        ),
        (
            "turns a response into a note",
            vec![rev("resp-a", RecordKind::Note, &[], &peer(), 41)],
            Map::new(),
            Rule::KindChanged {
                was: RecordKind::Response,
                now: RecordKind::Note,
            },
        ),
        (
            "a note called checklist",
            vec![rev("checklist", RecordKind::Note, &[], &peer(), 41)],
            Map::new(),
            Rule::RecordIdShape {
                kind: RecordKind::Note,
            },
        ),
    ];
    for (case, revs, extra, rule) in cases {
        let b = file(BundleKind::Contribution, &revs, extra);
        assert_refused(case, &h.local, &b, rule);
    }
}

#[test]
fn forged_backups() {
    let h = host_browser();
    let all = h.local.to_vec();
    let with_meta = |meta: Value| extra(json!({ "local_meta": meta }));
    let cases: Vec<Case> = vec![
        (
            "settings for another review",
            all.clone(),
            with_meta(json!({"role:rv-1": "host", "invitation:rv-2": "{}"})),
            Rule::ForeignLocalSetting {
                key: "invitation:rv-2".into(),
            },
        ),
        (
            "a setting of an unknown kind",
            all.clone(),
            with_meta(json!({"device_secret": "x"})),
            Rule::ForeignLocalSetting {
                key: "device_secret".into(),
            },
        ),
        (
            "a setting that is not text",
            all.clone(),
            with_meta(json!({"role:rv-1": {"nested": true}})),
            Rule::ForeignLocalSetting {
                key: "role:rv-1".into(),
            },
        ),
        (
            "settings that are not a list of settings",
            all.clone(),
            with_meta(json!("role:rv-1")),
            Rule::ForeignLocalSetting {
                key: "local_meta".into(),
            },
        ),
        (
            "a set-up built on the checklist",
            vec![rev(
                REVIEW,
                RecordKind::Review,
                &[&h.checklist],
                &host(),
                50,
            )],
            Map::new(),
            Rule::CrossRecordParent,
        ),
        (
            "a set-up under another id",
            vec![rev("setup", RecordKind::Review, &[], &host(), 50)],
            Map::new(),
            Rule::RecordIdShape {
                kind: RecordKind::Review,
            },
        ),
        (
            "turns a response into a note",
            vec![rev(
                "resp-a",
                RecordKind::Note,
                &[&h.response_a],
                &host(),
                50,
            )],
            Map::new(),
            Rule::KindChanged {
                was: RecordKind::Response,
                now: RecordKind::Note,
            },
        ),
    ];
    for (case, revs, extra, rule) in cases {
        let b = file(BundleKind::Backup, &revs, extra);
        assert_refused(case, &h.local, &b, rule);
    }
}

#[test]
fn forged_workspaces() {
    let h = host_browser();
    let other = rev_in(
        OTHER_REVIEW,
        OTHER_REVIEW,
        RecordKind::Review,
        &[],
        &host(),
        1,
        json!({}),
    );
    let across = rev_in(
        OTHER_REVIEW,
        OTHER_REVIEW,
        RecordKind::Review,
        &[&h.setup],
        &host(),
        2,
        json!({}),
    );
    let ws = |revs: &[Revision], extra: Map<String, Value>| {
        let text = encode(
            BundleKind::Workspace,
            None,
            &CreatedBy::default(),
            1,
            "0.1.0",
            revs,
            &extra,
        );
        match decode(&name(BundleKind::Workspace), text.as_bytes()) {
            Ok(Decoded::Plain(b)) => b,
            other => panic!("{other:?}"),
        }
    };
    assert_refused(
        "settings for a review it does not hold",
        &h.local,
        &ws(
            std::slice::from_ref(&other),
            extra(json!({"local_meta": {"role:rv-2": "host", "role:rv-9": "respondent"}})),
        ),
        Rule::ForeignLocalSetting {
            key: "role:rv-9".into(),
        },
    );
    assert_refused(
        "a set-up built on another review's set-up",
        &h.local,
        &ws(&[across], Map::new()),
        Rule::CrossRecordParent,
    );
}

#[test]
fn renamed_kinds_obey_the_rules_of_the_kind_they_claim() {
    let h = host_browser();
    // What each kind of file legitimately carries.
    let invitation = (vec![h.checklist.clone()], invitation_extra());
    let response = (vec![h.response_a.clone()], Map::new());
    let contribution = (vec![h.note.clone()], Map::new());
    let backup = (
        h.local.to_vec(),
        extra(json!({"local_meta": {"role:rv-1": "host"}})),
    );
    let kinds = [
        BundleKind::Invitation,
        BundleKind::Response,
        BundleKind::Contribution,
        BundleKind::Backup,
    ];
    let sources = [
        ("invitation", &invitation),
        ("response", &response),
        ("contribution", &contribution),
        ("backup", &backup),
    ];
    // (what it really is, what it claims) → accepted?
    for (real, (revs, extra)) in sources {
        for claimed in kinds {
            let b = file(claimed, revs, extra.clone());
            let verdict = rules::check_rules(&b, &h.local);
            // Only a backup may carry what another kind carries.
            let expect_ok = real == claimed.as_str() || claimed == BundleKind::Backup;
            assert_eq!(
                verdict.is_ok(),
                expect_ok,
                "{real} relabelled as {}: {verdict:?}",
                claimed.as_str()
            );
        }
    }
    // The ones that matter most, by rule.
    let b = file(BundleKind::Contribution, &response.0, Map::new());
    assert_refused(
        "a response relabelled as a contribution",
        &h.local,
        &b,
        Rule::ContributionKind {
            kind: RecordKind::Response,
        },
    );
    let b = file(BundleKind::Response, &backup.0, backup.1.clone());
    assert_refused(
        "a backup relabelled as a response",
        &h.local,
        &b,
        Rule::ResponseOnly {
            kind: RecordKind::Review,
        },
    );
    let b = file(
        BundleKind::Invitation,
        &[h.checklist.clone(), h.setup.clone()],
        backup.1.clone(),
    );
    assert_refused(
        "a backup relabelled as an invitation",
        &h.local,
        &b,
        Rule::InvitationOnlyChecklist {
            kind: RecordKind::Review,
        },
    );
}

// ---- Order and preview ----

fn header(kind: BundleKind, created_at: i64, digest: &str) -> Header {
    let mut b = file(kind, &[], Map::new());
    b.header.created_at = created_at;
    b.header.digest = digest.to_owned();
    b.header
}

#[test]
fn files_chosen_together_apply_in_dependency_order() {
    let hs = [
        header(BundleKind::Response, 1, "sha256:b"),
        header(BundleKind::Contribution, 1, "sha256:a"),
        header(BundleKind::Response, 1, "sha256:a"),
        header(BundleKind::Invitation, 9, "sha256:a"),
        header(BundleKind::Backup, 5, "sha256:a"),
        header(BundleKind::Backup, 2, "sha256:z"),
        header(BundleKind::Workspace, 99, "sha256:a"),
    ];
    let refs: Vec<&Header> = hs.iter().collect();
    assert_eq!(rules::import_order(&refs), vec![6, 5, 4, 3, 1, 2, 0]);
    assert!(rules::import_order(&[]).is_empty());
    // A response is checked against the review its invitation brings: in dependency order the
    // response passes, and the result is the same whichever order the files were chosen in.
    let h = host_browser();
    let invitation = file(
        BundleKind::Invitation,
        std::slice::from_ref(&h.checklist),
        invitation_extra(),
    );
    let response = file(
        BundleKind::Response,
        &[rev(
            "resp-z",
            RecordKind::Response,
            &[],
            &respondent("resp-z"),
            60,
        )],
        Map::new(),
    );
    let results: Vec<RevisionSet> = [[&response, &invitation], [&invitation, &response]]
        .iter()
        .map(|chosen| {
            let headers: Vec<&Header> = chosen.iter().map(|b| &b.header).collect();
            let mut local = RevisionSet::new();
            for i in rules::import_order(&headers) {
                assert_eq!(import(&mut local, chosen[i]), Ok(()));
            }
            local
        })
        .collect();
    assert_eq!(results[0], results[1]);
    assert_eq!(results[0].len(), 2);
}

fn preview(local: &RevisionSet, b: &Bundle) -> Vec<String> {
    let plan = plan_import(
        local,
        &b.content.revisions,
        b.header.review.as_ref().map(|r| r.id.as_str()),
    );
    rules::describe(&plan, local, b.header.kind)
}

#[test]
fn the_preview_says_what_the_revisions_do() {
    let h = host_browser();
    let who = respondent("resp-n");
    let response = file(
        BundleKind::Response,
        &[rev("resp-n", RecordKind::Response, &[], &who, 70)],
        Map::new(),
    );
    assert_eq!(preview(&h.local, &response), vec!["Adds 1 response"]);
    assert_eq!(
        preview(
            &h.local,
            &file(
                BundleKind::Response,
                std::slice::from_ref(&h.response_a),
                Map::new()
            )
        ),
        vec!["Changes nothing: everything in it is already here"]
    );

    // A backup from a co-host: changed set-up and checklist, three new notes, a deleted note.
    let setup2 = rev(REVIEW, RecordKind::Review, &[&h.setup], &host(), 71);
    let check2 = rev(
        "checklist",
        RecordKind::Checklist,
        &[&h.checklist],
        &host(),
        72,
    );
    let del = rev_in(
        REVIEW,
        "note-1",
        RecordKind::Note,
        &[&h.note],
        &host(),
        73,
        tombstone_body(),
    );
    let mut revs = vec![setup2, check2, del];
    revs.extend((0..3).map(|i| rev(&format!("n{i}"), RecordKind::Note, &[], &host(), 74)));
    let backup = file(BundleKind::Backup, &revs, Map::new());
    assert_eq!(
        preview(&h.local, &backup),
        vec![
            "A backup can change anything in this review",
            "Changes the review's set-up",
            "Changes the checklist",
            "Adds 3 notes",
            "Deletes 1 note",
        ]
    );

    // Deleting the review, and a set-up changed in two places.
    let gone = rev_in(
        REVIEW,
        REVIEW,
        RecordKind::Review,
        &[&h.setup],
        &host(),
        80,
        tombstone_body(),
    );
    assert_eq!(
        preview(&h.local, &file(BundleKind::Backup, &[gone], Map::new())),
        vec![
            "A backup can change anything in this review",
            "Deletes the review from this browser (a backup can do this)",
        ]
    );
    let mut here = h.local.clone();
    here.insert(rev(REVIEW, RecordKind::Review, &[&h.setup], &host(), 81));
    let theirs = rev(REVIEW, RecordKind::Review, &[&h.setup], &peer(), 82);
    assert_eq!(
        preview(&here, &file(BundleKind::Backup, &[theirs], Map::new())),
        vec![
            "A backup can change anything in this review",
            "Changes the review's set-up, which was also changed here (you will need to choose)",
        ]
    );

    // Labels come from the records here, not from what the file claims: the preview of an
    // older copy says nothing moves.
    let mut newer = h.local.clone();
    newer.insert(rev("note-1", RecordKind::Note, &[&h.note], &peer(), 90));
    let old = file(
        BundleKind::Contribution,
        std::slice::from_ref(&h.note),
        Map::new(),
    );
    assert_eq!(
        preview(&newer, &old),
        vec!["Changes nothing: everything in it is already here"]
    );
    let older_branch = rev("note-9", RecordKind::Note, &[], &peer(), 1);
    // The older revision is new to this browser but sits behind its head.
    let mut only_old = RevisionSet::from_revisions(h.local.to_vec());
    only_old.insert(rev(
        "note-9",
        RecordKind::Note,
        &[&older_branch],
        &peer(),
        2,
    ));
    assert_eq!(
        preview(
            &only_old,
            &file(BundleKind::Contribution, &[older_branch], Map::new())
        ),
        vec!["Adds only earlier history: nothing you see changes"]
    );
    // Several responses in a workspace preview are counted, not described one by one.
    let many: Vec<Revision> = (0..4)
        .map(|i| {
            let id = format!("w{i}");
            rev(&id, RecordKind::Response, &[], &respondent(&id), 1)
        })
        .collect();
    let plan = plan_import(&h.local, &many, None);
    assert_eq!(
        rules::describe(&plan, &h.local, BundleKind::Workspace),
        vec![
            "A backup of every review can change anything in the reviews it holds",
            "Adds 4 responses",
        ]
    );
}

#[test]
fn hostile_keys_are_shown_short_and_without_control_characters() {
    let h = host_browser();
    let key = format!("\u{1b}[31m{}", "k".repeat(5_000));
    let mut e = Map::new();
    e.insert(key.clone(), json!(1));
    let b = file(
        BundleKind::Invitation,
        std::slice::from_ref(&h.checklist),
        e,
    );
    let msg = rules::check(&name(BundleKind::Invitation), &b, &h.local)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(msg.contains("sets \"[31mkkk"), "{msg}");
    assert!(msg.len() < 300, "{msg}");
    assert!(!msg.chars().any(char::is_control), "{msg}");
}

#[test]
fn every_rule_reads_as_one_plain_sentence() {
    let rules_ = [
        Rule::InvitationOnlyChecklist {
            kind: RecordKind::Afi,
        },
        Rule::InvitationExtra { key: "x".into() },
        Rule::OneResponse { count: 0 },
        Rule::OneResponse { count: 2 },
        Rule::ResponseOnly {
            kind: RecordKind::Action,
        },
        Rule::ResponseAuthors { count: 2 },
        Rule::SomeoneElsesResponse,
        Rule::SomeoneElsesVotes,
        Rule::NotARespondent { role: Role::Peer },
        Rule::ContributionKind {
            kind: RecordKind::Review,
        },
        Rule::NoLocalSettings {
            file: BundleKind::Response,
        },
        Rule::ForeignLocalSetting { key: "k".into() },
        Rule::NoDeletion {
            file: BundleKind::Invitation,
            kind: RecordKind::Checklist,
        },
        Rule::SetupTombstone {
            file: BundleKind::Contribution,
        },
        Rule::CrossRecordParent,
        Rule::KindChanged {
            was: RecordKind::Note,
            now: RecordKind::Vote,
        },
        Rule::RecordIdShape {
            kind: RecordKind::Review,
        },
        Rule::RecordIdShape {
            kind: RecordKind::Checklist,
        },
        Rule::RecordIdShape {
            kind: RecordKind::Note,
        },
    ];
    for rule in rules_ {
        let text = rule.to_string();
        assert!(!text.ends_with('.') && !text.contains(".."), "{text}");
        assert!(!text.contains("  "), "{text}");
        assert!(
            !text.contains(" a a") && !text.contains(" a area"),
            "{text}"
        );
    }
    assert_eq!(
        Rule::ResponseOnly {
            kind: RecordKind::Afi
        }
        .to_string(),
        "a response file may only carry a response, and this one also carries an area for \
         improvement"
    );
    assert_eq!(
        Rule::NoDeletion {
            file: BundleKind::Invitation,
            kind: RecordKind::Checklist
        }
        .to_string(),
        "an invitation may not delete anything, and this one deletes a checklist"
    );
    assert_eq!(
        Rule::SetupTombstone {
            file: BundleKind::Contribution
        }
        .to_string(),
        "only a backup may delete a whole review, and this file is a contribution"
    );
}

#[test]
fn may_carry_matches_the_rules() {
    use BundleKind::*;
    for kind in RecordKind::ALL {
        assert!(rules::may_carry(Backup, kind) && rules::may_carry(Workspace, kind));
        assert_eq!(
            rules::may_carry(Invitation, kind),
            kind == RecordKind::Checklist
        );
        assert_eq!(
            rules::may_carry(Response, kind),
            kind == RecordKind::Response
        );
        assert_eq!(
            rules::may_carry(Contribution, kind),
            !matches!(
                kind,
                RecordKind::Review | RecordKind::Checklist | RecordKind::Response
            )
        );
    }
}

#[test]
fn a_contribution_may_not_change_votes_someone_else_placed() {
    let h = host_browser();
    let mine = rev("vote-peer", RecordKind::Vote, &[], &peer(), 30);
    let mut local = h.local.clone();
    local.insert(mine.clone());
    let other = author::for_review(Role::ImprovementService, "is-secret", REVIEW);
    // Another participant moving the peer's dots is refused, here or within one file.
    let moved = rev("vote-peer", RecordKind::Vote, &[&mine], &other, 31);
    assert_refused(
        "someone else's votes",
        &local,
        &file(
            BundleKind::Contribution,
            std::slice::from_ref(&moved),
            Map::new(),
        ),
        Rule::SomeoneElsesVotes,
    );
    assert_refused(
        "two people in one vote set",
        &h.local,
        &file(BundleKind::Contribution, &[mine.clone(), moved], Map::new()),
        Rule::SomeoneElsesVotes,
    );
    // The peer changing their own dots is fine.
    let again = rev("vote-peer", RecordKind::Vote, &[&mine], &peer(), 32);
    assert_accepted(
        "own votes",
        &local,
        &file(BundleKind::Contribution, &[again], Map::new()),
    );
}
