"""Pages: search, themes (of a round, of a region or of everything the user may see), best practices.

Thin: the forms validate the GET parameters against what the user may see, the selectors do the rest.
An invalid filter is reported on the page and left out; it never widens the scope nor raises a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from tidtam.formdefs.selectors import round_for_user, rounds_visible_to
from tidtam.orgs.models import OrgUnit

from . import selectors
from .charts import theme_chart
from .forms import BestPracticeForm, SearchForm, ThemeForm
from .services import search_index_refresh
from .themes.selectors import stored_themes

PER_PAGE = 20
MAX_CODE = 64


def refresh_index_for(*, user, **filters) -> None:
    """Index what changed among the submissions the user may search, before a page reads the index
    (the selectors only read)."""
    search_index_refresh(submissions=selectors.searchable_submissions(user=user, **filters))


def _plausible_code(code: str) -> bool:
    """A round key or org unit code that could exist: PostgreSQL rejects NUL outright (a 500)."""
    return 0 < len(code) <= MAX_CODE and "\x00" not in code


@require_safe
@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, rounds=rounds_visible_to(user=request.user))
    result = None
    if form.is_bound:
        form.is_valid()
        q = form.cleaned_data.get("q", "")
        if q:
            refresh_index_for(user=request.user, **form.filters())
            result = selectors.search_page(
                user=request.user,
                q=q,
                page=form.cleaned_data.get("page") or 1,
                per_page=PER_PAGE,
                **form.filters(),
            )
    return render(request, "search/search.html", {"form": form, "result": result})


def _theme_page(
    request: HttpRequest, *, title: str, round_=None, region: OrgUnit | None = None
) -> HttpResponse:
    rounds = rounds_visible_to(user=request.user)
    form = ThemeForm(request.GET or None, rounds=rounds)
    if form.is_bound:
        form.is_valid()
    filters = {}
    if round_ is not None:
        filters["round"] = round_.key
    if region is not None:
        filters["region"] = region.code
    if form.is_bound and form.cleaned_data.get("fiscal_year"):
        filters["fiscal_year"] = form.cleaned_data["fiscal_year"]
    # Computed by the theme recomputation service (a background job where one runs), never here.
    stored = stored_themes(
        submissions=selectors.searchable_submissions(user=request.user, **filters), kind=form.selected_kind
    )
    report = stored.report if stored is not None else None
    return render(
        request,
        "search/themes.html",
        {
            "form": form,
            "title": title,
            "round": round_,
            "region": region,
            "report": report,
            "stored": stored,
            "kind": form.selected_kind,
            "filters": filters,
            "chart": theme_chart(report) if report is not None else None,
        },
    )


@require_POST
@login_required
def themes_recompute(request: HttpRequest) -> HttpResponse:
    """Start the theme recomputation of the scope the themes page showed (its kind and filters)."""
    rounds = rounds_visible_to(user=request.user)
    form = ThemeForm(request.POST, rounds=rounds)
    form.is_valid()
    filters: dict = {}
    key = (request.POST.get("round") or "").strip()
    if key:
        if not _plausible_code(key):
            raise Http404(_("ไม่พบรอบการตรวจนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
        filters["round"] = round_for_user(user=request.user, key=key).key
    if region := form.cleaned_data.get("region"):
        filters["region"] = region
    if fiscal_year := form.cleaned_data.get("fiscal_year"):
        filters["fiscal_year"] = fiscal_year
    back = request.POST.get("next") or reverse("search:themes")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("search:themes")
    kind = form.selected_kind
    return _enqueue_recompute(request, kind=kind, filters=filters, back=back)


def _enqueue_recompute(request: HttpRequest, *, kind: str, filters: dict, back: str) -> HttpResponse:
    """Recomputation runs as a background job: a redirect to the job's page (its progress, then back)."""
    from tidtam.common.jobs import JobRefused, job_enqueue

    try:
        job = job_enqueue(
            kind="themes_recompute",
            title=_("คำนวณประเด็นที่พบซ้ำ"),
            func="tidtam.search.themes.services.theme_recompute_job",
            kwargs={"user_id": request.user.pk, "kind": kind, "filters": filters},
            user=request.user,
            one_at_a_time=True,
        )
    except JobRefused as refused:
        messages.error(request, str(refused))
        return HttpResponseRedirect(back)
    return HttpResponseRedirect(reverse("jobs:detail", kwargs={"pk": job.pk}))


@require_safe
@login_required
def round_themes(request: HttpRequest, key: str) -> HttpResponse:
    if not _plausible_code(key):
        raise Http404(_("ไม่พบรอบการตรวจนี้ หรือท่านไม่มีสิทธิ์เข้าถึง"))
    round_ = round_for_user(user=request.user, key=key)
    return _theme_page(request, title=_("ประเด็นที่พบซ้ำ รอบ %(key)s") % {"key": round_.key}, round_=round_)


@require_safe
@login_required
def themes(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("region") or "").strip()
    region = None
    if code:
        region = (
            OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION, code=code).first()
            if _plausible_code(code)
            else None
        )
        if region is None:
            raise Http404(_("ไม่พบภาคที่ระบุ"))
        title = _("ประเด็นที่พบซ้ำ %(region)s") % {"region": region.name}
    else:
        title = _("ประเด็นที่พบซ้ำ ทุกรอบที่ท่านมีสิทธิ์เข้าถึง")
    return _theme_page(request, title=title, region=region)


@require_safe
@login_required
def best_practices(request: HttpRequest) -> HttpResponse:
    form = BestPracticeForm(request.GET or None, rounds=rounds_visible_to(user=request.user))
    q, page_number, filters = "", 1, {}
    if form.is_bound:
        form.is_valid()
        q = form.cleaned_data.get("q", "")
        page_number = form.cleaned_data.get("page") or 1
        filters = form.filters()
    refresh_index_for(user=request.user, **filters)
    subs = selectors.best_practices(user=request.user, q=q, **filters)
    page = Paginator(subs, PER_PAGE).get_page(page_number)
    entries = selectors.best_practice_entries(page.object_list, q=q)
    return render(
        request, "search/best_practices.html", {"form": form, "page": page, "entries": entries, "q": q}
    )
