"""The member list's rows, written in Python, write what the template did."""

from django.template import engines
from django.utils import translation

from liaison.members.models import Member, MemberGroup, Sector
from liaison.members.templatetags.member_rows import RowLabels, member_rows
from liaison.orgs.models import Organization
from tests.factories import MemberFactory

# The template's loop as it was before the tag.
ROWS = """{% load i18n %}<tbody>
  {% for member in page %}
  <tr>
    <td><a href="{{ member.get_absolute_url }}">{{ member.name }}</a></td>
    <td>{{ member.sector|default:"" }}</td>
    <td>{{ member.group|default:"" }}</td>
    <td>{{ member.employer }} {{ member.post }}</td>
    <td class="text-nowrap">{{ member.phone_masked }}</td>
    <td>{{ member.get_status_display }}</td>
    <td class="d-none d-lg-table-cell">{{ member.office.short_name|default:member.office.name \
}}</td>
  </tr>
  {% empty %}<tr><td colspan="7" class="panel-empty">{% translate "No members found." %}</td></tr>\
{% endfor %}
  </tbody>"""


def test_member_rows_write_what_the_template_wrote(world):
    sector = Sector.objects.create(district=world.office.parent, name="测试<界> & 甲")
    group = MemberGroup.objects.create(office=world.office, name="第一组")
    MemberFactory(
        office=world.office, name="汤<朝>阳", sector=sector, group=group, phone="13912345678"
    )
    MemberFactory(office=world.other_office, name="周建华", employer="某公司 & 子公司", post="")
    Member.objects.filter(name="周建华").update(status=Member.Status.values[-1])
    # One office with a short name, one without (the row falls back to the full name).
    Organization.objects.filter(pk=world.office.pk).update(short_name="定王台")
    Organization.objects.filter(pk=world.other_office.pk).update(short_name="")
    template = engines["django"].from_string(ROWS)
    page = list(Member.objects.select_related("office", "sector", "group").order_by("pk"))
    assert len(page) == 3
    read = {
        "sectors": Sector.objects.all(),
        "groups": MemberGroup.objects.all(),
        "offices": Organization.objects.all(),
    }
    listed = list(Member.objects.only("name").order_by("pk"))  # as the list reads its page
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for rows in (listed, []):
                # The names from what the page read, or (none given) each read by id at once.
                for labels in (RowLabels(rows, **read), RowLabels(rows)):
                    new = "<tbody>" + member_rows(rows, labels) + "\n  </tbody>"
                    assert new == template.render({"page": page if rows else []})


def test_row_labels_read_what_the_page_lacks_in_one_query_each(world, django_assert_num_queries):
    sector = Sector.objects.create(district=world.office.parent, name="外区界别")
    MemberFactory(office=world.office, name="甲", sector=sector)
    members = list(Member.objects.filter(office=world.office))
    with django_assert_num_queries(0):
        labels = RowLabels(
            members,
            sectors=[sector],
            groups=MemberGroup.objects.none(),
            offices=[world.office],
        )
    assert labels.sector[sector.pk] == "外区界别"
    with django_assert_num_queries(2):  # sectors, offices (no member has a group)
        RowLabels(members)
