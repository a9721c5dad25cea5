//! GOV.UK task list and check-your-answers summary list.

use leptos::prelude::*;
use leptos_router::components::A;

/// Status of a task, shown as a tag (the domain's GOV.UK task status).
pub use crate::domain::validation::TaskStatus as Status;

fn status_class(status: Status) -> &'static str {
    match status {
        Status::NotStarted => "tag tag--grey",
        Status::InProgress => "tag tag--yellow",
        Status::Completed => "tag tag--green",
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    pub id: String,
    pub name: String,
    pub href: String,
    pub hint: Option<String>,
    pub status: Status,
}

#[component]
pub fn TaskList(#[prop(into)] tasks: Signal<Vec<Task>>) -> impl IntoView {
    view! {
        <ul class="task-list">
            <For each=move || tasks.get() key=|t| (t.id.clone(), t.status, t.hint.clone()) let:t>
                <li class="task-list__item">
                    <span class="task-list__name">
                        <A href=t.href.clone() attr:aria-describedby=format!("{}-status", t.id)>{t.name.clone()}</A>
                        {t.hint.clone().map(|h| view! { <span class="task-list__hint">{h}</span> })}
                    </span>
                    <strong class=status_class(t.status) id=format!("{}-status", t.id)>{t.status.label()}</strong>
                </li>
            </For>
        </ul>
    }
}

/// One row of a check-your-answers list.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub value: String,
    pub change_href: Option<String>,
}

#[component]
pub fn SummaryList(#[prop(into)] rows: Signal<Vec<Row>>) -> impl IntoView {
    view! {
        <dl class="summary-list">
            {move || rows.get().into_iter().map(|r| {
                let key = r.key.clone();
                view! {
                    <div class="summary-list__row">
                        <dt class="summary-list__key">{r.key}</dt>
                        <dd class="summary-list__value">{if r.value.is_empty() { "Not given".to_string() } else { r.value }}</dd>
                        <dd class="summary-list__actions">
                            {r.change_href.map(|h| view! {
                                <A href=h>"Change"<span class="visually-hidden">{format!(" {}", key.to_lowercase())}</span></A>
                            })}
                        </dd>
                    </div>
                }
            }).collect_view()}
        </dl>
    }
}
