"""The proposal list's rows, written in Python, write what the template did."""

from django.template import engines
from django.utils import translation

from liaison.proposals.models import Category, Proposal
from liaison.proposals.templatetags.proposal_rows import proposal_rows

# The template's loop as it was before the tag.
ROWS = """{% load i18n %}{% for p in page %}<tr>
    <td>{{ p.year }}</td>
    <td><a href="{{ p.get_absolute_url }}">{{ p.title }}</a>{% if p.is_key %} <span class="badge \
text-bg-warning">{% translate "Key" %}</span>{% endif %}{% if p.is_excellent %} <span class="badge \
text-bg-success">{% translate "Excellent" %}</span>{% endif %}{% if me and p.lead_id != me.pk %} \
<span class="badge text-bg-light">{% translate "Co-signed" %}</span>{% endif %}</td>
    <td>{{ p.category }}</td><td>{{ p.lead.name }}</td><td>{{ p.get_state_display }}</td>
  </tr>{% empty %}<tr><td colspan="5" class="panel-empty">{% translate "No proposals." %}</td>\
</tr>{% endfor %}"""


def test_proposal_rows_write_what_the_template_wrote(world, make_proposal, tang):
    make_proposal(title="关于<加强>老旧小区 & 加装电梯的建议")
    make_proposal(lead=tang, title="关于增设公交站的建议")
    Proposal.objects.filter(lead=tang).update(is_key=True, is_excellent=True)
    template = engines["django"].from_string(ROWS)
    page = list(Proposal.objects.select_related("lead", "category").order_by("pk"))
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for rows, me in ((page, None), (page, world.kang), ([], None)):
                assert proposal_rows(rows, me) == template.render({"page": rows, "me": me})
            assert proposal_rows(page, "") == template.render({"page": page})
            # With the categories' names from the filter's list instead of a join.
            names = {c.pk: c.name for c in Category.objects.all()}
            bare = list(Proposal.objects.select_related("lead").order_by("pk"))
            assert proposal_rows(bare, world.kang, names) == template.render(
                {"page": page, "me": world.kang}
            )
