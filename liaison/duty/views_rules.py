"""Scoring rules, the scheme's thresholds and the published presets: the administrator's."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.errors import Refusal
from liaison.duty import scoring
from liaison.duty.forms import PresetForm, RuleForm, ScoringForm
from liaison.duty.kinds import get_kind
from liaison.duty.models import DutyRule, Scoring
from liaison.orgs.access import Perm, perm_required


@perm_required(Perm.SETTINGS_MANAGE)
def rules(request, pk=None):
    rule = get_object_or_404(DutyRule, pk=pk) if pk else DutyRule()
    year = timezone.localdate().year
    form = RuleForm(
        request.POST if request.POST.get("form") == "rule" else None,
        instance=rule,
        initial={"effective_from": year},
    )
    scoring_form = ScoringForm(
        request.POST if request.POST.get("form") == "scoring" else None,
        instance=Scoring.current(),
    )
    preset_form = PresetForm(initial={"effective_from": year})
    if request.method == "POST" and request.POST.get("form") == "rule" and form.is_valid():
        try:
            scoring.save_rule(request.user, rule, **form.cleaned_data)
        except Refusal as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Rule saved: the points are being recomputed."))
            return redirect("duty_rules")
    if request.POST.get("form") == "scoring" and scoring_form.is_valid():
        try:
            scoring.save_scoring(request.user, **scoring_form.cleaned_data)
        except Refusal as refusal:
            scoring_form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Scheme saved."))
            return redirect("duty_rules")
    all_rules = list(DutyRule.objects.all())
    for r in all_rules:
        r.registered = get_kind(r.kind) is not None
    return render(
        request,
        "duty/rules.html",
        {
            "form": form,
            "scoring_form": scoring_form,
            "preset_form": preset_form,
            "rules": all_rules,
            "editing": rule,
            "scoring": Scoring.current(),
        },
    )


@perm_required(Perm.SETTINGS_MANAGE)
@require_POST
def load_preset(request):
    form = PresetForm(request.POST)
    if form.is_valid():
        try:
            count = scoring.load_preset(
                request.user, form.cleaned_data["preset"], form.cleaned_data["effective_from"]
            )
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(count)d rules loaded: the points are being recomputed.") % {"count": count},
            )
    else:
        messages.error(request, _("Choose a scheme and a year."))
    return redirect("duty_rules")


@perm_required(Perm.SETTINGS_MANAGE)
@require_POST
def delete_rule(request, pk):
    scoring.delete_rule(request.user, get_object_or_404(DutyRule, pk=pk))
    messages.success(request, _("Rule deleted: the points are being recomputed."))
    return redirect("duty_rules")
