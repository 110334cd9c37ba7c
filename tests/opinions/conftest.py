import pytest

from liaison.opinions import services
from liaison.opinions.defaults import ensure_categories
from liaison.opinions.models import Category, Source
from liaison.workdays import services as workdays


@pytest.fixture(autouse=True)
def _calendar_and_categories(db):
    # A transactional test before this one may have flushed the migrations' rows.
    workdays.preload()
    ensure_categories(Category)


@pytest.fixture
def food(db):
    return Category.objects.get(name="食品安全")


@pytest.fixture
def opinion(world, food):
    return services.submit_opinion(
        world.staff,
        world.office,
        source=Source.VISIT,
        raisers=[world.kang],
        text="南景饭店周边早餐摊点油烟大、卫生差，建议食安办加强检查。",
        category=food,
        place="燕山街南段",
    )


@pytest.fixture
def assignment(world, opinion):
    return services.assign(world.staff, opinion, world.department)


@pytest.fixture
def replied(world, assignment):
    services.receive(world.handler, assignment)
    services.reply(world.handler, assignment, "已联合工商所检查，责令三家摊点整改。")
    return assignment


@pytest.fixture
def published(world, replied):
    services.check_reply(world.staff, replied)
    return services.publish(world.staff, replied)
