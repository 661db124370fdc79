"""
Demo members for `load_demo_content`: Music24 rebuilt from the old site's page
(../shared/seed/000_55227073074169e5.txt, every fact verbatim, typos included) plus a
dozen invented but realistic members so the directory, filters and alliance pages have
something to show.

Everything is found by slug before it is created, so loading twice changes nothing.
"""

import datetime

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
from profiles.reference_data import ACTION_PLAN_QUESTIONS, ensure_reference_data
from profiles.roles import ensure_member_editor_group


def p(*paragraphs):
    """Paragraphs of plain text as rich-text HTML (escaping & and friends)."""
    from django.utils.html import escape

    return "".join(f"<p>{escape(text)}</p>" for text in paragraphs)


def q(year, quarter, *paragraphs):
    return {"year": year, "quarter": str(quarter), "body": p(*paragraphs)}


def on(date, *paragraphs):
    return {"year": date.year, "date": date, "body": p(*paragraphs)}


DIRECTORY = {
    "slug": "members",
    "title": "Members",
    "introduction": p(
        "Organisations of every kind have joined the alliance and pledged actions to help "
        "people with dementia live well. Choose filters and press Show members to narrow "
        "the list."
    ),
}

ALLIANCE_INDEX = {
    "slug": "local-alliances",
    "title": "Local alliances",
    "introduction": p(
        "A local dementia action alliance brings together organisations in one town or "
        "area to make it a better place to live with dementia."
    ),
}

ALLIANCES = [
    {
        "slug": "luton-daa",
        "title": "Luton Dementia Action Alliance",
        "short_name": "",
        "region": "east-of-england",
        "introduction": p("Organisations in Luton working to make the town dementia friendly."),
    },
    {
        "slug": "whdaa",
        "title": "Welwyn Hatfield Dementia Action Alliance",
        "short_name": "WHDAA",
        "region": "east-of-england",
        "introduction": p(
            "Businesses, charities and public services across Welwyn Garden City and Hatfield."
        ),
    },
    {
        "slug": "leeds-daa",
        "title": "Leeds Dementia Action Alliance",
        "short_name": "",
        "region": "yorkshire-and-the-humber",
        "introduction": p("More than a hundred Leeds organisations working together."),
    },
    {
        "slug": "bristol-daa",
        "title": "Bristol Dementia Action Alliance",
        "short_name": "",
        "region": "south-west",
        "introduction": p("Making Bristol a city where people with dementia are supported."),
    },
    {
        "slug": "brighton-hove-daa",
        "title": "Brighton and Hove Dementia Action Alliance",
        "short_name": "",
        "region": "south-east",
        "introduction": p("Organisations by the sea, from shops and buses to the council."),
    },
]

MUSIC24 = {
    "slug": "music24",
    "title": "Music24",
    "introduction": p(
        "Music24 is a registered charity providing music therapy and other therapeutic "
        "activities across various location in Beds & Herts. At present, our areas of work "
        "involve offering one-to-one and/or group music therapy to people with Learning "
        "Disabilities, Mental Health illnesses, Neuro-disabilities and people with Dementia "
        "and their carers. We offer active and personalised music making sessions which "
        "promote positive and meaningful social experiences."
    ),
    "member_since": datetime.date(2020, 9, 24),
    "region": "east-of-england",
    "sectors": ["arts", "health", "social-care", "voluntary-sector", "care", "charity"],
    "alliances": ["luton-daa", "whdaa"],
    "outcomes": [5],
    "website": "https://www.music24.org.uk/",
    "action_plan": [
        (
            1,
            p(
                "Music24 will strive to contribute towards delivering Action 5 on the National "
                "Dementia Declaration - I live in an enabling and supportive environment where "
                "I feel valued and understood. We have now provided a service for people with "
                "dementia in Luton for 6 years and this has increased to reach more and more "
                "people every year, including those that are in the late stages through our 1:1 "
                "service. In Herts, we have been providing groups since Sept 2016, these take "
                "place in Hoddesdon, Watford, Steven and Welwyn Garden City. In our sessions, we "
                "embrace both the person with dementia and the one that's caring for them. "
                "Making live music helps to create bond between people, making new memories and "
                "living 'in the now'. Music helps to highlight people's unimpaired skills, they "
                "are of equal partnership to those they make music will. Music has the ability "
                "to engage people at any level, therefore there is something for everyone in the "
                "sessions. Our staff are incredibly skilled and find innovative ways in bringing "
                "everyone together through music. In our sessions, carers also have the "
                "opportunity to seek support from other carers and staff. The support network we "
                "build is vital in helping carers cope with the ever increasing challenges that "
                "dementia can present."
            ),
        ),
        (
            2,
            p(
                "Our main challenge is sourcing the right funding for this highly specialised "
                "service. As yet, we have managed to get seed-funding for 5 groups and have "
                "expanded to do other things in different areas such as 1:1 sessions, working "
                "with a BAME Group and we've started Open Singing Cafes. All of this is needed, "
                "but the more we do, the more funding we have to find. We are planning to take "
                "steps over the coming years in order to become ore sustainable and diversify "
                "our income streams."
            ),
        ),
    ],
    "actions": [
        {
            "slug": "pandemic-provide-ongoing-support",
            "title": "Pandemic: Provide Ongoing Support",
            "description": p(
                "Music24 has managed to adapt our service so we can continue to support people "
                "online and over the phone.",
                "Since March, we have moved all our sessions online via Zoom. In additon to "
                "this, we have also provided EFT sessions and a talking group for carers based "
                "in Herts.",
            ),
            "status": "being-implemented",
            "updates": [],
        },
        {
            "slug": "reaching-more-people-in-luton",
            "title": "Reaching more people in Luton",
            "description": p(
                "We've recieved funding now to extend our service to reach more people for "
                "another year. Our goal this year is to execute this well and share observations "
                "and knowledge with individuals and orgnatisations within Luton.",
                "We'd like to create a training model that can be implented into different work "
                "settings for staff in day centres and care homes to show them how to offer "
                "meaning musical activites.",
            ),
            "updates": [],
        },
        {
            "slug": "creative-therapeutic-outlet-early-diagnosis",
            "title": "Offer a creative, therapeutic outlet for Early Diagnosis Dementia",
            "description": p(
                "We want to offer a meaningful, therapeutic experience to people who have Early "
                "Diagnosis Dementia. A 3 month trial project will see a small group being given "
                "the opportunity to be of something worthwhile, whilst setting their own to "
                "goals to achieve during this time. This can be anything from writing or "
                "performing a song, sharing thoughts and feelings with other people who "
                "understand their situation and exploring this in a non-verbal way or just "
                "simply enjoying a new social experience."
            ),
            "updates": [
                q(
                    2015,
                    2,
                    "Music24 has kept the group running through user contributions and their own "
                    "fundraising efforts. We're going to apply for funding to evaluate our work.",
                ),
                q(
                    2014,
                    4,
                    "This has been a fantatsic success and we have secured a further 3 months "
                    "funding to continue our work.",
                ),
                q(
                    2014,
                    1,
                    "New pilot music project commenced on Thursday 5th June and funded by Luton "
                    "Borough Council. We're offering musical activities to people aged between "
                    "40-65 who are diagnosed with dementia.",
                ),
            ],
        },
        {
            "slug": "respite-for-carers",
            "title": "Offer carers an opportunity for respite during our sessions",
            "description": p(
                "During our sessions, we’d like to offer carers the opportunity to have an hours "
                "respite. In turn, they may also wish to stay and enjoy the session, but it is "
                "entirely up to the carer and this time can be used as they wish. We’ve made a "
                "point of running our sessions in a central location in Luton Town centre, in "
                "order to allow carers to have the choice to run errands during this free time "
                "or they can just grab some down time and enjoy a coffee in the on-site cafe. To "
                "us, the carer’s well-being is just as important."
            ),
            "updates": [
                q(
                    2016,
                    2,
                    "This is an ongoing action for Music24. Carers still both attend our sessions "
                    "or use the time as respite. They have the freedom to chosoe which is best for "
                    "them when it suits them.",
                ),
                q(
                    2014,
                    1,
                    "Carers of attendees at our sessions have access to an hours respite. For some "
                    "carers it is something to be developed as we build trust with our clients, "
                    "and others are more confident and feel safe in the environment we provide "
                    "allowing them to maintain indepence within the comunity.",
                    "The music sessions can also encourage carers to join in on activities if "
                    "desired, enabling a shared experience and keeping strong relationships with "
                    "their loved one.",
                ),
            ],
        },
        {
            "slug": "groundwork-for-research",
            "title": (
                "Set the groundwork for an ongoing research opportunity into how music can play "
                "a part in improving the lives of people who are affected by Dementia"
            ),
            "description": p(
                "By the end of 2014, Music24 will have completed a pilot project based around the "
                "use of Music with Early Diagnosis Dementia & their Carers. We then hope to plan "
                "and raise funds for an ongoing research project. We aim to complete this "
                "research project within the next 3-5 years."
            ),
            "outcomes": [7],
            "updates": [
                q(
                    2015,
                    4,
                    "Music24 has completed a study funded by The Music Therapy Charity. The "
                    "results will be published early next year.",
                ),
                # The old page shows this heading with no text under it. An update must have
                # a body, so we say so plainly rather than invent one.
                q(2014, 1, "No details were given for this update on the old website."),
            ],
        },
    ],
}


def member(slug, title, region, sectors, alliances, since, intro, actions, website=""):
    return {
        "slug": slug,
        "title": title,
        "introduction": p(intro),
        "member_since": since,
        "region": region,
        "sectors": sectors,
        "alliances": alliances,
        "outcomes": [],
        "website": website,
        "action_plan": [],
        "actions": actions,
    }


def action(slug, title, description, status="", updates=(), outcomes=()):
    return {
        "slug": slug,
        "title": title,
        "description": p(description),
        "status": status,
        "updates": list(updates),
        "outcomes": list(outcomes),
    }


OTHER_MEMBERS = [
    member(
        "luton-borough-council",
        "Luton Borough Council",
        "east-of-england",
        ["local-government"],
        ["luton-daa"],
        datetime.date(2013, 3, 14),
        "The local authority for Luton, responsible for adult social care and libraries.",
        [
            action(
                "dementia-friendly-libraries",
                "Dementia friendly libraries",
                "Train every library worker as a Dementia Friend and add memory collections.",
                "completed",
                [q(2016, 3, "All eight libraries now hold a memory collection.")],
                [4],
            ),
        ],
    ),
    member(
        "hatfield-community-transport",
        "Hatfield Community Transport",
        "east-of-england",
        ["transport", "voluntary-sector"],
        ["whdaa"],
        datetime.date(2015, 6, 1),
        "Door-to-door minibuses for people who find public transport difficult.",
        [
            action(
                "driver-awareness",
                "Dementia awareness for every driver",
                "Give each volunteer driver a dementia awareness session before they drive.",
                "being-implemented",
                [on(datetime.date(2024, 5, 9), "Forty of our fifty drivers have been trained.")],
                [3],
            ),
        ],
    ),
    member(
        "welwyn-garden-city-library-choir",
        "Welwyn Garden City Singing for the Brain",
        "east-of-england",
        ["arts", "charity"],
        ["whdaa"],
        datetime.date(2019, 1, 20),
        "A weekly singing group for people with dementia and the people who care for them.",
        [
            action(
                "second-weekly-session",
                "Start a second weekly session",
                "Open a Thursday session so the waiting list can join.",
                "planned",
                [],
                [6],
            ),
        ],
    ),
    member(
        "leeds-teaching-hospitals",
        "Leeds Teaching Hospitals",
        "yorkshire-and-the-humber",
        ["health"],
        ["leeds-daa"],
        datetime.date(2012, 11, 5),
        "One of the largest NHS trusts in England, with a dedicated dementia care team.",
        [
            action(
                "this-is-me",
                "Use 'This is me' on every ward",
                "Ask every patient with dementia, or their carer, to fill in a 'This is me' "
                "leaflet so staff know their preferences.",
                "completed",
                [
                    q(2014, 2, "Every adult ward now uses the leaflet."),
                    q(2013, 4, "Pilot on two wards."),
                ],
                [1, 2],
            ),
            action(
                "carers-passport",
                "Carers' passport",
                "Let carers stay beyond visiting hours and get a discount in the canteen.",
                "being-implemented",
                [q(2015, 1, "Passport launched on the elderly care wards.")],
                [3],
            ),
        ],
    ),
    member(
        "leeds-city-museum",
        "Leeds City Museum",
        "yorkshire-and-the-humber",
        ["arts", "leisure", "local-government"],
        ["leeds-daa"],
        datetime.date(2016, 4, 12),
        "Free museum in the centre of Leeds with reminiscence sessions and quiet openings.",
        [
            action(
                "quiet-mornings",
                "Quiet mornings",
                "Open an hour early once a month with lights and sound turned down.",
                "being-implemented",
                [on(datetime.date(2023, 10, 2), "Twelve quiet mornings held this year.")],
                [5],
            ),
        ],
    ),
    member(
        "yorkshire-building-society-branches",
        "Yorkshire Community Savings",
        "yorkshire-and-the-humber",
        ["finance", "retail"],
        ["leeds-daa"],
        datetime.date(2017, 9, 8),
        "A mutual savings society with branches across Yorkshire.",
        [
            action(
                "power-of-attorney-help",
                "Help with power of attorney",
                "Make registering a lasting power of attorney simple at every branch counter.",
                "",
                [q(2018, 2, "Staff guide written and shared with all branches.")],
                [4],
            ),
        ],
    ),
    member(
        "bristol-fire-and-rescue",
        "Avon Fire and Rescue Service",
        "south-west",
        ["emergency-services"],
        ["bristol-daa"],
        datetime.date(2014, 2, 3),
        "Fire and rescue for Bristol, Bath and the surrounding area.",
        [
            action(
                "safe-and-well-visits",
                "Safe and well visits",
                "Offer a home safety visit to every household where someone has dementia.",
                "being-implemented",
                [q(2015, 3, "Over 300 visits made."), q(2014, 4, "Visits started in Bristol.")],
                [3, 5],
            ),
        ],
    ),
    member(
        "st-werburghs-church",
        "St Werburgh's Church",
        "south-west",
        ["faith", "voluntary-sector"],
        ["bristol-daa"],
        datetime.date(2018, 7, 22),
        "A parish church running a monthly memory café in its hall.",
        [
            action(
                "memory-cafe",
                "Monthly memory café",
                "Host a free café with music and games on the first Saturday of each month.",
                "completed",
                [on(datetime.date(2019, 3, 2), "The café has now run for six months.")],
                [6],
            ),
        ],
    ),
    member(
        "brighton-and-hove-buses",
        "Brighton and Hove Buses",
        "south-east",
        ["transport"],
        ["brighton-hove-daa"],
        datetime.date(2015, 10, 19),
        "The main bus company in Brighton and Hove.",
        [
            action(
                "helping-hand-cards",
                "Helping hand cards",
                "Cards passengers can show the driver to ask for a little extra help.",
                "completed",
                [q(2016, 1, "Cards available on every bus and in the travel shop.")],
                [5],
            ),
        ],
    ),
    member(
        "hove-housing-association",
        "Hove Housing Association",
        "south-east",
        ["housing", "social-care"],
        ["brighton-hove-daa"],
        datetime.date(2021, 2, 11),
        "Sheltered and supported housing for older people in Hove.",
        [
            action(
                "dementia-friendly-design",
                "Dementia friendly design in our schemes",
                "Use clear signs, contrasting colours and good lighting in every scheme.",
                "planned",
                [],
                [5],
            ),
        ],
    ),
    member(
        "alzheimers-research-network",
        "Dementia Research Network",
        "national",
        ["charity", "health", "education"],
        [],
        datetime.date(2012, 5, 1),
        "A national charity connecting people with dementia to research they can take part in.",
        [
            action(
                "join-research-register",
                "Grow the research register",
                "Invite 10,000 people to register an interest in taking part in research.",
                "being-implemented",
                [q(2017, 1, "6,200 people have registered."), q(2016, 2, "Register launched.")],
                [7],
            ),
        ],
    ),
    member(
        "cardiff-care-partnership",
        "Cardiff Care Partnership",
        "wales",
        ["care", "social-care"],
        [],
        datetime.date(2019, 6, 30),
        "Home care for older people in Cardiff and the Vale of Glamorgan.",
        [
            action(
                "consistent-carers",
                "The same care worker every visit",
                "Plan rotas so each person sees no more than three regular care workers.",
                "",
                [],
                [2],
            ),
        ],
    ),
    member(
        "newcastle-leisure-centres",
        "Newcastle Leisure Centres",
        "north-east",
        ["leisure"],
        [],
        datetime.date(2022, 8, 15),
        "Swimming pools, gyms and classes across Newcastle upon Tyne.",
        [
            action(
                "seated-exercise",
                "Seated exercise classes",
                "Run weekly seated exercise classes with a carer free of charge.",
                "being-implemented",
                [on(datetime.date(2025, 2, 4), "Classes now run at three centres.")],
                [3],
            ),
        ],
    ),
]

ALL_MEMBERS = [MUSIC24, *OTHER_MEMBERS]


class MemberLoader:
    """Builds the directory, local alliances and members under a HomePage."""

    def __init__(self, home, log=print):
        self.home = home
        self.log = log
        self.framework = ensure_reference_data()

    def publish_new(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.log(f"Created {page.title}.")
        return page

    def child(self, parent, model, slug):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def ensure_directory(self):
        existing = self.child(self.home, MemberDirectoryPage, DIRECTORY["slug"])
        return existing or self.publish_new(self.home, MemberDirectoryPage(**DIRECTORY))

    def ensure_alliances(self, slugs=None):
        index = self.child(self.home, LocalAllianceIndexPage, ALLIANCE_INDEX["slug"])
        index = index or self.publish_new(self.home, LocalAllianceIndexPage(**ALLIANCE_INDEX))
        for spec in ALLIANCES:
            if slugs is not None and spec["slug"] not in slugs:
                continue
            if self.child(index, LocalAlliancePage, spec["slug"]):
                continue
            values = dict(spec, region=Region.objects.get(slug=spec["region"]))
            self.publish_new(index, LocalAlliancePage(**values))
        return index

    def ensure_member(self, directory, spec):
        existing = self.child(directory, OrganisationProfilePage, spec["slug"])
        if existing:
            return existing
        questions = {
            number: ActionPlanQuestion.objects.get(text=text)
            for number, text in enumerate(ACTION_PLAN_QUESTIONS, start=1)
        }
        profile = OrganisationProfilePage(
            slug=spec["slug"],
            title=spec["title"],
            introduction=spec["introduction"],
            member_since=spec["member_since"],
            website=spec["website"],
            region=Region.objects.get(slug=spec["region"]),
            action_plan=[
                ("answer", {"question": questions[number], "answer": answer})
                for number, answer in spec["action_plan"]
            ],
        )
        profile.sectors = list(Sector.objects.filter(slug__in=spec["sectors"]))
        profile.local_alliances = list(LocalAlliancePage.objects.filter(slug__in=spec["alliances"]))
        profile.outcomes = self.outcomes(spec["outcomes"])
        self.publish_new(directory, profile)
        for action_spec in spec["actions"]:
            page = ActionPage(
                slug=action_spec["slug"],
                title=action_spec["title"],
                description=action_spec["description"],
                status=action_spec.get("status", ""),
                updates=[("update", update) for update in action_spec["updates"]],
            )
            page.outcomes = self.outcomes(action_spec.get("outcomes", []))
            self.publish_new(profile, page)
        return profile

    def outcomes(self, numbers):
        return list(DeclarationOutcome.objects.filter(framework=self.framework, number__in=numbers))

    def load(self, members=ALL_MEMBERS):
        directory = self.ensure_directory()
        wanted = {slug for spec in members for slug in spec["alliances"]}
        self.ensure_alliances(None if members is ALL_MEMBERS else wanted)
        profiles = [self.ensure_member(directory, spec) for spec in members]
        # New profiles get their editor group from the save signal; this also covers profiles
        # made before groups were automatic.
        for profile in profiles:
            ensure_member_editor_group(profile)
        return profiles


def load_music24(home, log=lambda message: None):
    """Only Music24, its directory and its two local alliances (for focused tests)."""
    (profile,) = MemberLoader(home, log=log).load(members=[MUSIC24])
    return profile
