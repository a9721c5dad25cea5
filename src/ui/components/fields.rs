//! Form fields with real labels, hints and linked error messages, and the error summary.

use crate::domain::date::{parse_date_fields, Date, DateInputError, DatePart};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// One validation problem, tied to the id of the field it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub field_id: String,
    pub message: String,
}

impl Problem {
    pub fn new(field_id: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            field_id: field_id.into(),
            message: message.into(),
        }
    }
}

/// The message for a field, if it has one.
pub fn error_for(problems: Signal<Vec<Problem>>, id: &str) -> Signal<Option<String>> {
    let id = id.to_string();
    Signal::derive(move || {
        problems.with(|ps| {
            ps.iter()
                .find(|p| p.field_id == id)
                .map(|p| p.message.clone())
        })
    })
}

/// Moves focus to a field (or the first control inside a fieldset) and scrolls it into view.
pub fn focus_field(id: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(el) = doc.get_element_by_id(id) else {
        return;
    };
    let target = if el.tag_name() == "FIELDSET" || el.tag_name() == "DIV" {
        el.query_selector("input, textarea, select")
            .ok()
            .flatten()
            .unwrap_or(el)
    } else {
        el
    };
    if let Ok(h) = target.dyn_into::<web_sys::HtmlElement>() {
        let _ = h.focus();
        h.scroll_into_view();
    }
}

/// GOV.UK error summary: shown at the top when there are problems, focused when they appear,
/// each message a link that moves focus to its field.
#[component]
pub fn ErrorSummary(#[prop(into)] problems: Signal<Vec<Problem>>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if !problems.with(|p| p.is_empty()) {
            if let Some(el) = node.get() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <Show when=move || !problems.with(|p| p.is_empty())>
            <div class="error-summary" node_ref=node tabindex="-1" role="alert" aria-labelledby="error-summary-title">
                <h2 class="error-summary__title" id="error-summary-title">"There is a problem"</h2>
                <ul class="error-summary__list">
                    <For each=move || problems.get() key=|p| p.field_id.clone() let:p>
                        {
                            let id = p.field_id.clone();
                            view! {
                                <li>
                                    <a href=format!("#{}", p.field_id) on:click=move |ev| {
                                        ev.prevent_default();
                                        focus_field(&id);
                                    }>{p.message}</a>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </div>
        </Show>
    }
}

fn describedby(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut parts = Vec::new();
    if has_hint {
        parts.push(format!("{id}-hint"));
    }
    if has_error {
        parts.push(format!("{id}-error"));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// A labelled single-line text input that reports every change (for autosave).
#[component]
pub fn TextInput(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] width: Option<&'static str>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let id3 = id.clone();
    let class = match width {
        Some(w) => format!("input input--{w}"),
        None => "input".to_string(),
    };
    view! {
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <label class="label" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id2}-hint")>{h}</p> })}
            {move || error.get().map(|e| view! {
                <p class="error-message" id=format!("{id3}-error")><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <input
                class=class
                id=id.clone()
                name=id.clone()
                type=input_type
                autocomplete=autocomplete
                aria-describedby={ let id = id.clone(); move || describedby(&id, has_hint, error.get().is_some()) }
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
            />
        </div>
    }
}

/// A labelled textarea that reports every change (for autosave).
#[component]
pub fn TextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(default = 5)] rows: u32,
    #[prop(optional)] label_class: Option<&'static str>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let id3 = id.clone();
    view! {
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <label class=label_class.unwrap_or("label") for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id2}-hint")>{h}</p> })}
            {move || error.get().map(|e| view! {
                <p class="error-message" id=format!("{id3}-error")><span class="visually-hidden">"Error: "</span>{e}</p>
            })}
            <textarea
                class="textarea"
                id=id.clone()
                name=id.clone()
                rows=rows
                aria-describedby={ let id = id.clone(); move || describedby(&id, has_hint, error.get().is_some()) }
                aria-invalid=move || error.get().is_some().then_some("true")
                prop:value=move || value.get()
                on:input=move |ev| on_change.run(event_target_value(&ev))
            ></textarea>
        </div>
    }
}

/// A radio group in a fieldset with a legend. `options` are (value, label). Nothing pre-selected.
#[component]
pub fn Radios(
    #[prop(into)] id: String,
    #[prop(into)] legend: String,
    options: Vec<(String, String)>,
    #[prop(into)] selected: Signal<Option<String>>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] hint: Option<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] inline: bool,
    #[prop(optional)] legend_class: Option<&'static str>,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_hint = hint.is_some();
    let id2 = id.clone();
    let id3 = id.clone();
    let name = id.clone();
    view! {
        <div class=move || if error.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" id=id.clone()
                aria-describedby={ let id = id.clone(); move || describedby(&id, has_hint, error.get().is_some()) }>
                <legend class=format!("fieldset__legend {}", legend_class.unwrap_or(""))>{legend}</legend>
                {hint.map(|h| view! { <p class="hint" id=format!("{id2}-hint")>{h}</p> })}
                {move || error.get().map(|e| view! {
                    <p class="error-message" id=format!("{id3}-error")><span class="visually-hidden">"Error: "</span>{e}</p>
                })}
                <div class=if inline { "radios radios--inline" } else { "radios" }>
                    {options.into_iter().enumerate().map(|(i, (value, label))| {
                        let input_id = format!("{name}-{i}");
                        let v = value.clone();
                        let v2 = value.clone();
                        view! {
                            <div class="radios__item">
                                <input class="radios__input" type="radio" id=input_id.clone() name=name.clone() value=value
                                    prop:checked=move || selected.get().as_deref() == Some(v.as_str())
                                    on:change=move |_| on_change.run(v2.clone()) />
                                <label class="radios__label" for=input_id>{label}</label>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn Checkbox(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="checkboxes__item">
            <input class="checkboxes__input" type="checkbox" id=id.clone() name=id.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev)) />
            <label class="checkboxes__label" for=id>{label}</label>
        </div>
    }
}

/// Dates typed but not saved because they could not be read, by field id. A form provides it,
/// so "Save and continue" can list them rather than leave with a half-typed date unsaved.
#[derive(Clone, Copy)]
pub struct UnsavedDates(pub RwSignal<std::collections::BTreeMap<String, String>>);

impl UnsavedDates {
    /// The unsaved dates as problems for the error summary.
    pub fn problems(&self) -> Vec<Problem> {
        self.0.with_untracked(|m| {
            m.iter()
                .map(|(id, msg)| Problem::new(format!("{id}-day"), msg.clone()))
                .collect()
        })
    }
}

/// A GOV.UK date input: day, month and year boxes in a fieldset.
///
/// The date is read when focus leaves the three boxes (or Enter is pressed), not at each
/// keystroke, so typing "32" never saves the 3rd on the way. It is saved only when the boxes
/// make a real date (or are all empty and the date is optional), so it is never half-saved;
/// otherwise the GOV.UK message ("… must be a real date", "Year must include 4 numbers") shows
/// and the stored date is kept. The boxes follow the stored date whenever it changes elsewhere
/// (for example a suggestion).
#[component]
pub fn DateFields(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] value: Signal<Option<Date>>,
    #[prop(into)] on_change: Callback<Option<Date>>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    /// A problem found when the form is submitted (from the stored data).
    #[prop(optional, into)]
    error: Option<Signal<Option<String>>>,
    /// Id of an element that also describes the date (for example its warnings).
    #[prop(optional, into)]
    described_by: Option<String>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let unsaved = use_context::<UnsavedDates>();
    let fields_of = |d: Option<Date>| d.map(Date::fields).unwrap_or_default();
    let (d0, m0, y0) = fields_of(value.get_untracked());
    let (day, month, year) = (RwSignal::new(d0), RwSignal::new(m0), RwSignal::new(y0));
    // The typing problem shown (set when focus leaves the boxes, then kept up to date).
    let shown = RwSignal::new(None::<DateInputError>);
    // "Date the request was sent (optional) must be a real date" reads badly: name the date.
    let label_for_parse = label.trim_end_matches(" (optional)").to_string();
    let parse = move || {
        parse_date_fields(
            &label_for_parse,
            &day.get_untracked(),
            &month.get_untracked(),
            &year.get_untracked(),
            required,
        )
    };
    let parse2 = parse.clone();
    let id_k = id.clone();
    let mark = move |problem: Option<&DateInputError>| {
        if let Some(u) = unsaved {
            u.0.update(|m| {
                match problem {
                    Some(p) => m.insert(id_k.clone(), p.message.clone()),
                    None => m.remove(&id_k),
                };
            });
        }
    };
    let mark2 = mark.clone();
    // Follow the stored date when it changes from elsewhere.
    Effect::new(move |_| {
        let stored = value.get();
        if parse2() != Ok(stored) {
            let (d, m, y) = fields_of(stored);
            day.set(d);
            month.set(m);
            year.set(y);
            shown.set(None);
            mark2(None);
        }
    });
    let id_c = id.clone();
    on_cleanup(move || {
        if let Some(u) = unsaved {
            u.0.update(|m| {
                m.remove(&id_c);
            });
        }
    });
    let parse_in = parse.clone();
    let mark_in = mark.clone();
    let on_input = move |part: RwSignal<String>, v: String| {
        part.set(v);
        let result = parse_in();
        // Listed on "Save and continue" until it can be read; a shown message follows the typing.
        mark_in(result.as_ref().err());
        if shown.with_untracked(Option::is_some) {
            shown.set(result.err());
        }
    };
    let save_now = move || match parse() {
        Ok(d) => {
            shown.set(None);
            mark(None);
            if d != value.get_untracked() {
                on_change.run(d);
            }
        }
        Err(e) => {
            mark(Some(&e));
            shown.set(Some(e));
        }
    };
    let message = Signal::derive(move || {
        shown
            .with(|s| s.as_ref().map(|e| e.message.clone()))
            .or_else(|| error.get())
    });
    let stored_note = move || {
        shown.with(Option::is_some).then(|| match value.get() {
            Some(d) => format!("Not saved. The saved date is still {}.", d.long()),
            None => "Not saved. No date is saved yet.".to_string(),
        })
    };
    let has_hint = hint.is_some();
    let id_h = id.clone();
    let id_e = id.clone();
    let id_n = id.clone();
    let id_d = id.clone();
    let id_box = id.clone();
    let id_f = id.clone();
    let save_leave = save_now.clone();
    // Read the date once focus has left all three boxes, not while moving between them.
    let on_focusout = move |ev: leptos::ev::FocusEvent| {
        let prefix = format!("{id_f}-");
        let inside = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|el| {
                el.id()
                    .strip_prefix(&prefix)
                    .is_some_and(|rest| matches!(rest, "day" | "month" | "year"))
            });
        if !inside {
            save_leave();
        }
    };
    let box_view = move |part: DatePart,
                         sig: RwSignal<String>,
                         name: &'static str,
                         width: &'static str| {
        let input_id = format!("{id}-{}", name.to_lowercase());
        let bad = move || {
            shown.with(|s| s.as_ref().is_some_and(|e| e.parts.contains(&part)))
                || (shown.with(Option::is_none) && error.with(Option::is_some))
        };
        let on_input = on_input.clone();
        let save_enter = save_now.clone();
        view! {
            <div class="date-input__item">
                <label class="label date-input__label" for=input_id.clone()>{name}</label>
                <input class=move || format!("input date-input__input {width}{}", if bad() { " input--error" } else { "" })
                    id=input_id.clone() name=input_id type="text" inputmode="numeric"
                    aria-invalid=move || bad().then_some("true")
                    prop:value=move || sig.get()
                    on:input=move |ev| on_input(sig, event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { save_enter() } />
            </div>
        }
    };
    let boxes = (
        box_view.clone()(DatePart::Day, day, "Day", "input--w2"),
        box_view.clone()(DatePart::Month, month, "Month", "input--w2"),
        box_view(DatePart::Year, year, "Year", "input--w4"),
    );
    view! {
        <div class=move || if message.get().is_some() { "form-group form-group--error" } else { "form-group" }>
            <fieldset class="fieldset" role="group" id=id_box on:focusout=on_focusout
                aria-describedby=move || {
                    let mut parts = Vec::new();
                    if has_hint { parts.push(format!("{id_d}-hint")); }
                    if message.get().is_some() { parts.push(format!("{id_d}-error")); }
                    if let Some(extra) = &described_by { parts.push(extra.clone()); }
                    (!parts.is_empty()).then(|| parts.join(" "))
                }>
                <legend class="fieldset__legend fieldset__legend--s">{label}</legend>
                {hint.map(|h| view! { <p class="hint" id=format!("{id_h}-hint")>{move || h.get()}</p> })}
                {move || message.get().map(|e| view! {
                    <p class="error-message" id=format!("{id_e}-error")><span class="visually-hidden">"Error: "</span>{e}</p>
                })}
                <div class="date-input">{boxes}</div>
                {move || stored_note().map(|n| view! { <p class="body date-input__stored" id=format!("{id_n}-stored")>{n}</p> })}
            </fieldset>
        </div>
    }
}
