"""Tree rules and the editor's admin: what can be created where, and with what form."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, StandardPage
from profiles.models import (
    ActionPage,
    ActionPlanQuestion,
    DeclarationOutcome,
    LocalAllianceIndexPage,
    LocalAlliancePage,
    MemberDirectoryPage,
    OrganisationProfilePage,
    Region,
    Sector,
)
from tests.conftest import ensure_site_tree
from tests.profiles_support import make_alliance, make_directory, make_member


class TreeRulesTests(WagtailPageTestCase):
    def test_home_holds_the_directory_and_alliance_index(self):
        self.assertAllowedSubpageTypes(
            HomePage, {StandardPage, MemberDirectoryPage, LocalAllianceIndexPage}
        )

    def test_directory_holds_only_profiles_and_profiles_only_actions(self):
        self.assertAllowedSubpageTypes(MemberDirectoryPage, {OrganisationProfilePage})
        self.assertAllowedSubpageTypes(OrganisationProfilePage, {ActionPage})
        self.assertAllowedSubpageTypes(ActionPage, set())
        self.assertAllowedParentPageTypes(OrganisationProfilePage, {MemberDirectoryPage})
        self.assertAllowedParentPageTypes(ActionPage, {OrganisationProfilePage})

    def test_alliance_pages_live_only_under_the_alliance_index(self):
        self.assertAllowedSubpageTypes(LocalAllianceIndexPage, {LocalAlliancePage})
        self.assertAllowedParentPageTypes(LocalAlliancePage, {LocalAllianceIndexPage})
        self.assertAllowedSubpageTypes(LocalAlliancePage, set())

    def test_pages_cannot_be_created_in_the_wrong_place(self):
        self.assertCanNotCreateAt(HomePage, OrganisationProfilePage)
        self.assertCanNotCreateAt(HomePage, ActionPage)
        self.assertCanNotCreateAt(MemberDirectoryPage, ActionPage)
        self.assertCanNotCreateAt(MemberDirectoryPage, LocalAlliancePage)
        self.assertCanNotCreateAt(LocalAllianceIndexPage, OrganisationProfilePage)
        self.assertCanNotCreateAt(StandardPage, MemberDirectoryPage)
        self.assertCanCreateAt(HomePage, MemberDirectoryPage)
        self.assertCanCreateAt(MemberDirectoryPage, OrganisationProfilePage)
        self.assertCanCreateAt(OrganisationProfilePage, ActionPage)


class EditorCreatesPagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = ensure_site_tree()
        cls.directory = make_directory(cls.home)
        cls.alliance = make_alliance(cls.home, "Luton Dementia Action Alliance", "luton-daa")

    def setUp(self):
        self.login()

    def test_editor_creates_a_full_profile_through_the_admin(self):
        region = Region.objects.get(slug="east-of-england")
        sectors = list(Sector.objects.filter(slug__in=["arts", "charity"]))
        question = ActionPlanQuestion.objects.first()
        outcome = DeclarationOutcome.objects.get(number=5)
        self.assertCanCreate(
            self.directory,
            OrganisationProfilePage,
            nested_form_data(
                {
                    "title": "Music for Memory",
                    "slug": "music-for-memory",
                    "introduction": rich_text("<p>We sing with people.</p>"),
                    "member_since": "2021-03-01",
                    "website": "https://example.org/",
                    "region": region.pk,
                    "action_plan": streamfield(
                        [
                            (
                                "answer",
                                {
                                    "question": question.pk,
                                    "answer": rich_text("<p>Our answer.</p>"),
                                },
                            )
                        ]
                    ),
                }
            )
            | {
                "sectors": [s.pk for s in sectors],
                "local_alliances": [self.alliance.pk],
                "outcomes": [outcome.pk],
            },
        )
        page = OrganisationProfilePage.objects.get(slug="music-for-memory")
        self.assertTrue(page.live)
        self.assertEqual(page.region, region)
        self.assertEqual(set(page.sectors.all()), set(sectors))
        self.assertEqual(list(page.local_alliances.all()), [self.alliance])
        self.assertEqual(list(page.outcomes.all()), [outcome])
        self.assertEqual(page.action_plan[0].value["question"], question)
        self.assertEqual(list(self.alliance.members.all()), [page])

    def test_editor_adds_an_action_with_updates(self):
        profile = make_member(self.directory, "Singers")
        self.assertCanCreate(
            profile,
            ActionPage,
            nested_form_data(
                {
                    "title": "Weekly singing",
                    "slug": "weekly-singing",
                    "description": rich_text("<p>Sing every week.</p>"),
                    "status": "planned",
                    "updates": streamfield(
                        [
                            (
                                "update",
                                {
                                    "year": "2014",
                                    "quarter": "1",
                                    "date": "",
                                    "heading": "",
                                    "body": rich_text("<p>We started.</p>"),
                                },
                            ),
                            (
                                "update",
                                {
                                    "year": "2015",
                                    "quarter": "2",
                                    "date": "",
                                    "heading": "",
                                    "body": rich_text("<p>Going well.</p>"),
                                },
                            ),
                        ]
                    ),
                }
            ),
        )
        action = ActionPage.objects.get(slug="weekly-singing")
        self.assertEqual(action.status, "planned")
        self.assertEqual(str(action.latest_update_date), "2015-06-30")
        response = self.client.get(action.url)
        self.assertContains(response, "2015 – Second quarter update")
        self.assertContains(response, "Planned")

    def test_profile_editor_groups_fields_in_tabs(self):
        profile = make_member(self.directory, "Tabbed")
        response = self.client.get(f"/admin/pages/{profile.pk}/edit/")
        self.assertEqual(response.status_code, 200)
        for tab in ("About", "Details", "Action plan", "Promote"):
            self.assertContains(response, tab)
        # Plain-words help text reaches the editor.
        self.assertContains(response, "The date the organisation joined the alliance.")

    def test_pages_are_renderable_and_editable(self):
        profile = make_member(self.directory, "Renderable")
        self.assertPageIsRenderable(profile)
        # StreamFields are drawn by JavaScript, so the edit form's data is given here.
        self.assertPageIsEditable(
            profile,
            post_data=nested_form_data(
                {
                    "title": "Renderable",
                    "slug": profile.slug,
                    "introduction": rich_text("<p>Changed.</p>"),
                    "action_plan": streamfield([]),
                }
            ),
        )
        self.assertPageIsRenderable(self.directory)
        self.assertPageIsRenderable(self.alliance)


class SnippetAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_site_tree()
        make_directory(Page.objects.get(depth=2))

    def setUp(self):
        self.login()

    def test_seven_outcomes_are_listed_searchable_and_filterable(self):
        url = "/admin/snippets/profiles/declarationoutcome/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "I have support that helps me live my life.")
        response = self.client.get(url, {"q": "research"})
        self.assertContains(response, "I know there is research going on")
        self.assertNotContains(response, "I have support that helps me live my life.")
        framework = DeclarationOutcome.objects.first().framework
        response = self.client.get(url, {"framework": framework.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(DeclarationOutcome.objects.filter(framework=framework).count(), 7)

    def test_every_reference_list_has_an_admin_list(self):
        for model in ("region", "sector", "outcomeframework", "actionplanquestion"):
            response = self.client.get(f"/admin/snippets/profiles/{model}/")
            self.assertEqual(response.status_code, 200, model)
        response = self.client.get("/admin/snippets/profiles/region/", {"q": "East"})
        self.assertContains(response, "East of England")
        self.assertNotContains(response, "Northern Ireland")

    def test_editor_finds_a_question_in_the_chooser_by_a_word(self):
        response = self.client.get(
            "/admin/snippets/choose/profiles/actionplanquestion/results/", {"q": "challenges"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "What are the challenges")
        self.assertNotContains(response, "The National Dementia Declaration lists")
