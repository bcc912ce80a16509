"""Word lists and text templates the demo data is built from.

Everything here is fictional. Place names come from the real territory (SIRUTA names in
Romanian and Hungarian). Placeholders in the templates:

- ``{hu}``: the Hungarian place name ("Csíkszentdomokos");
- ``{hu_adj}``: its adjective ("csíkszentdomokosi"), ``{Hu_adj}`` capitalised;
- ``{a_hu_adj}`` / ``{A_hu_adj}``: with the right article ("a csíkszentdomokosi",
  "az újszékelyi");
- ``{ro}``: the Romanian name; ``{ro_unit}``: "Comunei Sândominic", "Orașului Borsec"...;
- ``{en}``: the name used in English (the official Romanian one).
"""

from __future__ import annotations

from dataclasses import dataclass

# --- people -------------------------------------------------------------------------------

HU_MALE = (  # noqa: SIM905 - a word list reads best as text
    "László István József Zoltán Attila Csaba Levente Botond Előd Zsolt Tibor Gábor "
    "Ferenc Imre Balázs Szabolcs Lóránd Barna Hunor Árpád Sándor Ödön Dénes Mátyás Károly "
    "Lehel Gergő Márton Tamás Bence"
).split()
HU_FEMALE = (  # noqa: SIM905 - a word list reads best as text
    "Anna Katalin Erzsébet Enikő Réka Tünde Ildikó Emőke Csilla Zsuzsanna Júlia Orsolya "
    "Boglárka Kinga Andrea Melinda Edit Hajnal Ágnes Tímea Gyöngyi Noémi Ibolya Krisztina "
    "Rozália Mária Izabella Beáta Hanna Dóra"
).split()
HU_SURNAMES = (  # noqa: SIM905 - a word list reads best as text
    "Kovács Szabó Kelemen Bíró Ferencz Szász Lázár Péter Bálint Fazakas Antal Tamás "
    "Bartha Gál György Benedek Molnár Nagy Kiss Balázs Sándor Veres Kósa Szőcs Csiszér "
    "Tankó Orbán Ambrus Mihály Demeter Kolumbán Márton Pál Fülöp Vass Dávid Gergely "
    "Lőrincz Borbély Sebestyén Hajdú Bodó Jakab Zöld Tőkés Bakó Bokor Darkó Józsa Kedves "
    "Simó Tófalvi Ilyés Székely Csató Albert Ördög Pálffy Erdély Incze Mátyás Bartalis "
    "Kánya"
).split()
RO_MALE = (  # noqa: SIM905 - a word list reads best as text
    "Ion Gheorghe Vasile Mihai Andrei Alexandru Ioan Florin Radu Cristian Adrian Dan "
    "Marius Ovidiu Sorin Nicolae Ștefan Costel Bogdan Liviu"
).split()
RO_FEMALE = (  # noqa: SIM905 - a word list reads best as text
    "Maria Elena Ioana Ana Mihaela Andreea Cristina Daniela Gabriela Alina Raluca Simona "
    "Oana Lavinia Florentina Roxana Teodora Irina Loredana Ileana"
).split()
RO_SURNAMES = (  # noqa: SIM905 - a word list reads best as text
    "Pop Popescu Moldovan Rus Muntean Lungu Ciobanu Manea Chirilă Bucur Toma Stan "
    "Ungureanu Sabău Costea Hurduc Pintea Olteanu Crăciun Iacob Bârsan Mureșan Cotoi "
    "Dobrean Sfârlea"
).split()

POSITIONS = [
    ("elnök", "președinte"),
    ("titkár", "secretar"),
    ("önkéntes", "voluntar"),
    ("programszervező", "organizator de programe"),
    ("igazgató", "director"),
    ("könyvtáros", "bibliotecar"),
    ("muzeológus", "muzeograf"),
    ("kórusvezető", "dirijor"),
    ("koreográfus", "coregraf"),
    ("referens", "referent"),
]

# --- territory ------------------------------------------------------------------------------

REGIONS = {
    # Hungarian name as stored: (Hungarian, Romanian, English, SIRUTA of the centre)
    "Csík": ("Csík", "Ciuc", "Csík (Ciuc)", 83320),
    "Gyergyó": ("Gyergyó", "Giurgeu", "Gyergyó (Giurgeu)", 83561),
    "Udvarhelyszék": ("Udvarhelyszék", "Odorhei", "Udvarhelyszék (Odorhei)", 83133),
    "Felső-Maros": ("Felső-Maros", "Mureșul Superior", "Upper Mureș", 83632),
}

# Settlements where most people speak Romanian: more Romanian contributions there.
ROMANIAN_MAJORITY = {83632, 83936, 84148, 86133, 84460}

VENUES = [
    "Művelődési ház / Casa de cultură",
    "Városi könyvtár / Biblioteca municipală",
    "Polgármesteri hivatal díszterme / Sala festivă a primăriei",
    "Kulturális központ / Centrul cultural",
    "Iskola díszterme / Sala festivă a școlii",
    "Tájház / Casa tradițională",
]

# --- organisations --------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgTemplate:
    key: str
    hu: str
    ro: str
    sector: str
    legal_form: str
    domains: tuple[str, ...]
    places: str = "any"  # any | uat | town
    regions: tuple[str, ...] = ()  # empty: every region
    sizes: tuple[str, ...] = ("micro", "small")


ORG_TEMPLATES: tuple[OrgTemplate, ...] = (
    OrgTemplate(
        "tradition",
        "{Hu_adj} Hagyományőrző Egyesület",
        "Asociația pentru Păstrarea Tradițiilor din {ro}",
        "ngo",
        "association",
        ("folk-traditions", "dance", "festivals"),
    ),
    OrgTemplate(
        "culture_house",
        "{Hu_adj} Művelődési Ház",
        "Căminul Cultural {ro}",
        "public-institution",
        "public_institution",
        ("community-culture", "festivals"),
        places="uat",
        sizes=("micro", "small"),
    ),
    OrgTemplate(
        "library",
        "{Hu_adj} Községi Könyvtár",
        "Biblioteca Comunală {ro}",
        "public-institution",
        "public_institution",
        ("libraries", "literature", "cultural-education"),
        places="uat",
    ),
    OrgTemplate(
        "folk_dance",
        "{Hu_adj} Néptáncegyüttes",
        "Ansamblul de Dansuri Populare din {ro}",
        "informal-group",
        "informal_group",
        ("dance", "folk-traditions"),
    ),
    OrgTemplate(
        "rc_choir",
        "{Hu_adj} Római Katolikus Egyházközség Énekkara",
        "Corul Parohiei Romano-Catolice {ro}",
        "church",
        "church",
        ("music", "religious-heritage"),
        regions=("Csík", "Gyergyó", "Udvarhelyszék"),
    ),
    OrgTemplate(
        "reformed",
        "{Hu_adj} Református Egyházközség",
        "Parohia Reformată {ro}",
        "church",
        "church",
        ("religious-heritage", "built-heritage"),
        regions=("Udvarhelyszék",),
    ),
    OrgTemplate(
        "unitarian",
        "{Hu_adj} Unitárius Egyházközség",
        "Parohia Unitariană {ro}",
        "church",
        "church",
        ("religious-heritage", "built-heritage"),
        regions=("Udvarhelyszék",),
    ),
    OrgTemplate(
        "orthodox",
        "{Hu_adj} Ortodox Parókia",
        "Parohia Ortodoxă {ro}",
        "church",
        "church",
        ("religious-heritage", "music"),
        places="uat",
        regions=("Felső-Maros", "Gyergyó"),
    ),
    OrgTemplate(
        "brass_band",
        "{Hu_adj} Fúvószenekar",
        "Fanfara din {ro}",
        "ngo",
        "association",
        ("music", "festivals"),
    ),
    OrgTemplate(
        "choir",
        "{Hu_adj} Vegyeskar",
        "Corul Mixt din {ro}",
        "informal-group",
        "informal_group",
        ("music",),
    ),
    OrgTemplate(
        "village_museum",
        "{Hu_adj} Tájház",
        "Casa Tradițională din {ro}",
        "public-institution",
        "public_institution",
        ("museums", "folk-traditions", "cultural-tourism"),
    ),
    OrgTemplate(
        "youth",
        "{Hu_adj} Ifjúsági Egyesület",
        "Asociația Tinerilor din {ro}",
        "ngo",
        "association",
        ("community-culture", "festivals"),
    ),
    OrgTemplate(
        "foundation",
        "{Hu_adj} Közösségi Alapítvány",
        "Fundația Comunitară {ro}",
        "ngo",
        "foundation",
        ("community-culture", "cultural-education"),
        places="uat",
    ),
    OrgTemplate(
        "theatre_group",
        "{Hu_adj} Színjátszó Kör",
        "Cercul de Teatru din {ro}",
        "informal-group",
        "informal_group",
        ("theatre", "cultural-education"),
    ),
    OrgTemplate(
        "crafts_company",
        "{Hu_adj} Kézműves Műhely Kft.",
        "Atelierul Meșteșugăresc {ro} SRL",
        "company",
        "company",
        ("folk-traditions", "creative-industries"),
    ),
    OrgTemplate(
        "mayor",
        "{Hu_adj} Polgármesteri Hivatal",
        "Primăria {ro_unit}",
        "local-government",
        "local_government",
        ("community-culture", "cultural-tourism"),
        places="uat",
        sizes=("small", "medium"),
    ),
    OrgTemplate(
        "tourism",
        "{Hu_adj} Turisztikai Egyesület",
        "Asociația de Turism {ro}",
        "ngo",
        "association",
        ("cultural-tourism", "festivals"),
    ),
    OrgTemplate(
        "seniors",
        "{Hu_adj} Nyugdíjasklub",
        "Clubul Pensionarilor din {ro}",
        "informal-group",
        "informal_group",
        ("community-culture", "folk-traditions"),
    ),
    OrgTemplate(
        "culture_ngo",
        "{Hu_adj} Kulturális Egyesület",
        "Asociația Culturală {ro}",
        "ngo",
        "association",
        ("community-culture", "festivals", "literature"),
    ),
    OrgTemplate(
        "photo_club",
        "{Hu_adj} Fotóklub",
        "Fotoclubul {ro}",
        "informal-group",
        "informal_group",
        ("visual-arts", "creative-industries"),
        places="town",
    ),
    OrgTemplate(
        "artists",
        "{Hu_adj} Képzőművészek Egyesülete",
        "Asociația Artiștilor Plastici din {ro}",
        "ngo",
        "association",
        ("visual-arts",),
        places="town",
    ),
    OrgTemplate(
        "town_museum",
        "{Hu_adj} Városi Múzeum",
        "Muzeul Orășenesc {ro}",
        "public-institution",
        "public_institution",
        ("museums", "built-heritage", "cultural-education"),
        places="town",
        sizes=("small", "medium"),
    ),
    OrgTemplate(
        "media",
        "{Hu_adj} Kreatív Média Kft.",
        "Studio Media Creativ {ro} SRL",
        "company",
        "company",
        ("creative-industries", "visual-arts"),
        places="town",
    ),
)

# Romanian names that depend on the kind of settlement: (template key, Settlement.Kind).
ORG_RO_BY_KIND = {
    **{
        ("culture_house", kind): "Casa de Cultură {ro}"
        for kind in ("county_seat", "municipality", "town")
    },
    ("library", "county_seat"): "Biblioteca Municipală {ro}",
    ("library", "municipality"): "Biblioteca Municipală {ro}",
    ("library", "town"): "Biblioteca Orășenească {ro}",
    ("town_museum", "county_seat"): "Muzeul Municipal {ro}",
    ("town_museum", "municipality"): "Muzeul Municipal {ro}",
}

# Hand-written organisations, created first at every scale: (hu, ro, short name, SIRUTA,
# sector, legal form, size, domains)
FIXED_ORGANISATIONS = (
    (
        "Csíki Székely Múzeum Baráti Köre Egyesület",
        "Asociația Prietenii Muzeului Secuiesc al Ciucului",
        "CSMBK",
        83320,
        "ngo",
        "association",
        "small",
        ("museums", "built-heritage", "cultural-education"),
    ),
    (
        "Gyergyószárhegyi Hagyományőrző Egyesület",
        "Asociația pentru Păstrarea Tradițiilor din Lăzarea",
        "",
        84594,
        "ngo",
        "association",
        "small",
        ("folk-traditions", "dance", "festivals"),
    ),
    (
        "Maroshévízi Művelődési Ház",
        "Casa de Cultură Toplița",
        "",
        83632,
        "public-institution",
        "public_institution",
        "small",
        ("community-culture", "festivals", "music"),
    ),
    (
        "Felső-Maros Menti Román Kulturális Egyesület",
        "Asociația Culturală Românească „Mureșul de Sus”",
        "",
        83632,
        "ngo",
        "association",
        "micro",
        ("community-culture", "folk-traditions", "literature"),
    ),
    (
        "Gyergyói Kamaraszínház Egyesület",
        "Asociația Teatrul de Cameră Gheorgheni",
        "",
        83561,
        "ngo",
        "association",
        "small",
        ("theatre", "cultural-education"),
    ),
    (
        "Székelyudvarhelyi Városi Könyvtár",
        "Biblioteca Municipală Odorheiu Secuiesc",
        "",
        83133,
        "public-institution",
        "public_institution",
        "medium",
        ("libraries", "literature", "cultural-education"),
    ),
    (
        "Udvarhelyszéki Népzenei Műhely Egyesület",
        "Asociația Atelierul de Muzică Populară Odorhei",
        "",
        83133,
        "ngo",
        "association",
        "micro",
        ("music", "folk-traditions"),
    ),
    (
        "Csíkszentdomokosi Római Katolikus Egyházközség Énekkara",
        "Corul Parohiei Romano-Catolice Sândominic",
        "",
        85760,
        "church",
        "church",
        "micro",
        ("music", "religious-heritage"),
    ),
)

# --- meetings -------------------------------------------------------------------------------

LECTURES = {
    # expertise slug: (hu, ro, en)
    "culture": (
        "Kultúra és közösség: előadás a kulturális stratégiáról",
        "Cultură și comunitate: prelegere despre strategia culturală",
        "Culture and community: a lecture on cultural strategy",
    ),
    "management": (
        "Kulturális menedzsment a gyakorlatban",
        "Management cultural în practică",
        "Cultural management in practice",
    ),
    "public-relations": (
        "Közönségépítés és kommunikáció kulturális szervezeteknek",
        "Construirea publicului și comunicarea pentru organizațiile culturale",
        "Audience building and communication for cultural organisations",
    ),
    "regional-development": (
        "Kultúra a település- és területfejlesztésben",
        "Cultura în dezvoltarea locală și regională",
        "Culture in settlement and regional development",
    ),
    "fundraising": (
        "Pályázati források kulturális projektekhez",
        "Surse de finanțare pentru proiecte culturale",
        "Funding sources for cultural projects",
    ),
    "heritage": (
        "Az épített örökség védelme és hasznosítása",
        "Protejarea și valorificarea patrimoniului construit",
        "Protecting and using built heritage",
    ),
    "digital": (
        "Digitalizáció a közgyűjteményekben",
        "Digitalizarea colecțiilor publice",
        "Digitisation in public collections",
    ),
}
CORE_LECTURES = ("culture", "management", "public-relations", "regional-development")

MEETING_DESCRIPTIONS = {
    "lecture": (
        "Nyilvános előadás kérdésekkel és beszélgetéssel. A részvétel ingyenes, "
        "regisztrációhoz kötött.",
        "Prelegere publică urmată de întrebări și discuții. Participarea este gratuită, "
        "cu înscriere prealabilă.",
        "A public lecture followed by questions and discussion. Free, registration required.",
    ),
    "workshop": (
        "Kiscsoportos műhelymunka: összegyűjtjük a térség kulturális szükségleteit, "
        "hiányosságait és ötleteit, majd közösen rangsoroljuk őket.",
        "Atelier pe grupe mici: adunăm nevoile, lipsurile și ideile culturale ale zonei, "
        "apoi le prioritizăm împreună.",
        "Small-group workshop: we collect the area's cultural needs, gaps and ideas, then "
        "rank them together.",
    ),
    "public_forum": (
        "Lakossági fórum: a stratégia eddigi eredményeinek bemutatása és a helyiek "
        "véleményének meghallgatása.",
        "Forum public: prezentarea rezultatelor de până acum ale strategiei și consultarea "
        "localnicilor.",
        "Public forum: presenting the strategy's progress and hearing residents' views.",
    ),
    "conference_session": (
        "A megyei kulturális konferencia szekcióülése a stratégia tervezetéről.",
        "Secțiune a conferinței culturale județene despre proiectul strategiei.",
        "A session of the county cultural conference on the draft strategy.",
    ),
}

# --- contributions --------------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionTemplate:
    key: str
    kind: str
    domains: tuple[str, ...]
    targets: tuple[str, ...]
    hu_title: str
    ro_title: str
    hu_body: str
    ro_body: str
    project: tuple[str, str, str]  # hu, ro, en
    measure: str  # code of the strategy measure the project serves


def _t(*args) -> ContributionTemplate:
    return ContributionTemplate(*args)


CONTRIBUTION_TEMPLATES: tuple[ContributionTemplate, ...] = (
    # ideas
    _t(
        "folk_music_camp",
        "idea",
        ("music", "folk-traditions", "cultural-education"),
        ("children",),
        "Nyári népzenei tábor {a_hu_adj} gyerekeknek",
        "Tabără de muzică populară pentru copiii din {ro}",
        "Minden nyáron egyhetes népzenei tábort szervezhetnénk, ahol a gyerekek helyi "
        "zenészektől tanulnák a vidék dallamait. A tábor záróestjén a falu közönsége előtt "
        "lépnének fel.",
        "Am putea organiza în fiecare vară o tabără de o săptămână în care copiii să învețe "
        "melodiile zonei de la muzicieni locali. La final, ar susține un concert pentru "
        "comunitate.",
        ("Népzenei tábor – {hu}", "Tabără de muzică populară – {ro}", "Folk music camp – {en}"),
        "C3.1.1",
    ),
    _t(
        "photo_archive",
        "idea",
        ("museums", "cultural-education"),
        ("seniors", "youth"),
        "Digitális helytörténeti archívum {a_hu_adj} családi fotókból",
        "Arhivă digitală de istorie locală din fotografiile familiilor din {ro}",
        "A padlásokon és fiókokban rengeteg régi fénykép lappang. Diákok és idősek közösen "
        "szkennelnék be és írnák le őket, az archívum pedig mindenki számára elérhető lenne "
        "az interneten.",
        "În poduri și sertare stau multe fotografii vechi. Elevii și vârstnicii le-ar "
        "scana și descrie împreună, iar arhiva ar fi accesibilă tuturor pe internet.",
        (
            "{Hu_adj} digitális fotóarchívum",
            "Arhiva digitală de fotografii din {ro}",
            "Digital photo archive of {en}",
        ),
        "C1.1.2",
    ),
    _t(
        "craft_fair",
        "idea",
        ("festivals", "folk-traditions"),
        ("families", "tourists"),
        "Kézműves vásár és hagyományőrző nap {a_hu_adj} főtéren",
        "Târg meșteșugăresc și zi a tradițiilor în centrul localității {ro}",
        "Évente egyszer a helyi kézművesek, néptáncosok és zenészek együtt mutatkozhatnának "
        "be. A vásár a turistákat is idecsalogatná, a mesterek pedig eladhatnák portékáikat.",
        "O dată pe an, meșteșugarii, dansatorii și muzicienii locali s-ar putea prezenta "
        "împreună. Târgul ar atrage și turiști, iar meșterii și-ar putea vinde produsele.",
        (
            "{Hu_adj} hagyományőrző nap és kézműves vásár",
            "Ziua tradițiilor și târgul meșteșugăresc din {ro}",
            "Traditions day and craft fair in {en}",
        ),
        "C4.2.2",
    ),
    _t(
        "mobile_library",
        "idea",
        ("libraries", "community-culture"),
        ("seniors", "rural-communities"),
        "Mozgókönyvtár-szolgáltatás {a_hu_adj} falurészekben",
        "Bibliotecă mobilă pentru satele și cătunele din {ro}",
        "A távoli falurészekben élő idősek nem jutnak el a könyvtárba. Egy hetente "
        "körbejáró kisbusz könyveket, újságokat és internetes segítséget is vihetne.",
        "Vârstnicii din satele îndepărtate nu ajung la bibliotecă. Un microbuz care ar trece "
        "săptămânal ar putea aduce cărți, ziare și ajutor la folosirea internetului.",
        ("{Hu_adj} mozgókönyvtár", "Biblioteca mobilă {ro}", "Mobile library service, {en}"),
        "C2.1.2",
    ),
    _t(
        "theatre_camp",
        "idea",
        ("theatre", "cultural-education"),
        ("youth",),
        "Ifjúsági színjátszó tábor {a_hu_adj} fiataloknak",
        "Tabără de teatru pentru tinerii din {ro}",
        "Hivatásos színészek vezetésével a fiatalok egy hét alatt saját előadást "
        "készítenének, amelyet a környező falvakban is bemutatnának.",
        "Sub îndrumarea unor actori profesioniști, tinerii ar pregăti într-o săptămână un "
        "spectacol propriu, pe care l-ar prezenta și în satele din jur.",
        (
            "Ifjúsági színjátszó tábor – {hu}",
            "Tabără de teatru pentru tineri – {ro}",
            "Youth theatre camp – {en}",
        ),
        "C3.1.1",
    ),
    _t(
        "heritage_route",
        "idea",
        ("cultural-tourism", "religious-heritage", "built-heritage"),
        ("tourists",),
        "Tematikus kulturális útvonal {a_hu_adj} templomok és tájházak között",
        "Traseu cultural tematic între bisericile și casele tradiționale din {ro}",
        "A templomokat, tájházakat és emlékhelyeket egy kerékpárral és gyalog is bejárható, "
        "kétnyelvű táblákkal jelölt útvonal kötné össze.",
        "Bisericile, casele tradiționale și locurile memoriale ar fi legate de un traseu "
        "marcat cu panouri bilingve, care poate fi parcurs pe jos sau cu bicicleta.",
        (
            "{Hu_adj} kulturális örökségi útvonal",
            "Traseul patrimoniului cultural {ro}",
            "Cultural heritage route of {en}",
        ),
        "C4.2.1",
    ),
    _t(
        "dance_house",
        "idea",
        ("dance", "folk-traditions", "community-culture"),
        ("youth", "families"),
        "Havi táncház {a_hu_adj} művelődési házban",
        "Seară lunară de dans popular la căminul cultural din {ro}",
        "Havonta egy szombat este élőzenés táncházat tartanánk, előtte gyerektáncházzal. "
        "A zenészeket a környékbeli zenekarok adnák.",
        "O dată pe lună, sâmbătă seara, am organiza o seară de dans cu muzică live, "
        "precedată de un atelier de dans pentru copii.",
        (
            "Táncház-sorozat – {hu}",
            "Serile de dans popular – {ro}",
            "Folk dance evenings – {en}",
        ),
        "C1.2.1",
    ),
    _t(
        "craft_house",
        "idea",
        ("folk-traditions", "creative-industries"),
        ("professionals",),
        "Kézműves alkotóház fafaragóknak és szövőknek",
        "Casă de creație pentru sculptori în lemn și țesătoare",
        "Egy közös műhelyház, ahol a mesterek dolgozhatnak, tanítványokat fogadhatnak és "
        "bemutathatják munkáikat a látogatóknak.",
        "O casă-atelier comună în care meșterii pot lucra, pot primi ucenici și își pot "
        "prezenta lucrările vizitatorilor.",
        ("Kézműves alkotóház – {hu}", "Casa meșteșugarilor – {ro}", "Crafts house – {en}"),
        "C1.2.2",
    ),
    _t(
        "events_calendar",
        "idea",
        ("festivals", "community-culture"),
        ("tourists", "families"),
        "Közös online programnaptár a megye kulturális eseményeiről",
        "Calendar online comun al evenimentelor culturale din județ",
        "Ma minden szervezet máshol hirdeti a programjait, ezért gyakran ütköznek a "
        "rendezvények. Egy közös, kétnyelvű naptár ezen segítene.",
        "Astăzi fiecare organizație își anunță programele în altă parte, iar evenimentele se "
        "suprapun des. Un calendar comun, bilingv, ar rezolva problema.",
        (
            "Kulturális programnaptár – {hu} és térsége",
            "Calendarul evenimentelor culturale – {ro} și împrejurimile",
            "Cultural events calendar – {en} area",
        ),
        "C4.1.2",
    ),
    _t(
        "reading_evenings",
        "idea",
        ("literature", "libraries"),
        ("youth", "seniors"),
        "Felolvasóest-sorozat helyi szerzőkkel {a_hu_adj} könyvtárban",
        "Serile de lectură cu autori locali la biblioteca din {ro}",
        "Havonta meghívnánk egy-egy helyi írót, költőt vagy helytörténészt, aki a saját "
        "munkáiból olvasna fel, utána kötetlen beszélgetéssel.",
        "Am invita lunar câte un scriitor, poet sau istoric local care să citească din "
        "lucrările sale, urmat de o discuție liberă.",
        (
            "Helyi szerzők felolvasóestjei – {hu}",
            "Serile autorilor locali – {ro}",
            "Local authors' reading evenings – {en}",
        ),
        "C2.1.2",
    ),
    # needs
    _t(
        "museum_renovation",
        "need",
        ("museums", "built-heritage"),
        ("tourists", "rural-communities"),
        "{A_hu_adj} falumúzeum felújítása",
        "Renovarea muzeului sătesc din {ro}",
        "A falumúzeum épületének teteje beázik, a padló több helyen korhadt. A gyűjtemény – "
        "régi bútorok, szőttesek, használati tárgyak – jelenleg dobozokban áll. Felújítás "
        "után a múzeum újra fogadhatna iskolai csoportokat és turistákat.",
        "Acoperișul muzeului sătesc are infiltrații, iar podeaua este putrezită în mai "
        "multe locuri. Colecția – mobilier vechi, țesături, obiecte de uz casnic – stă acum "
        "în cutii. După renovare, muzeul ar putea primi din nou grupuri școlare și turiști.",
        (
            "{A_hu_adj} falumúzeum felújítása",
            "Renovarea muzeului sătesc din {ro}",
            "Renovation of the village museum in {en}",
        ),
        "C1.1.1",
    ),
    _t(
        "rehearsal_room",
        "need",
        ("dance", "community-culture"),
        ("youth",),
        "Próbaterem kell {a_hu_adj} néptáncegyüttesnek",
        "Este nevoie de o sală de repetiții pentru ansamblul de dansuri din {ro}",
        "Az együttes jelenleg az iskola tornatermében próbál, amikor éppen szabad. Egy "
        "tükrös, fűthető próbaterem kellene, ahol a viseleteket is tárolhatnánk.",
        "Ansamblul repetă acum în sala de sport a școlii, când aceasta e liberă. Ar fi "
        "nevoie de o sală încălzită, cu oglinzi, unde să putem păstra și costumele.",
        (
            "Próbaterem kialakítása – {hu}",
            "Amenajarea unei săli de repetiții – {ro}",
            "A rehearsal room for {en}",
        ),
        "C3.2.1",
    ),
    _t(
        "folk_costumes",
        "need",
        ("folk-traditions", "dance"),
        ("youth", "children"),
        "Népviseletek pótlása {a_hu_adj} hagyományőrző csoportnak",
        "Costume populare noi pentru grupul de tradiții din {ro}",
        "A csoport viseletei elhasználódtak, a gyerekcsoportnak pedig egyáltalán nincs "
        "saját ruhája. Helyi varrónőkkel, a régi minták alapján készíttetnénk újakat.",
        "Costumele grupului s-au uzat, iar grupul de copii nu are deloc costume proprii. "
        "Le-am face din nou cu croitorese locale, după modelele vechi.",
        (
            "Népviseletek pótlása – {hu}",
            "Costume populare pentru grupul de tradiții – {ro}",
            "Folk costumes for the heritage group – {en}",
        ),
        "C1.2.1",
    ),
    _t(
        "parish_archive",
        "need",
        ("religious-heritage", "museums"),
        ("professionals",),
        "{A_hu_adj} plébánia levéltárának digitalizálása",
        "Digitalizarea arhivei parohiale din {ro}",
        "Az anyakönyvek és egyházi iratok a 18. századig nyúlnak vissza, de a papír "
        "romlik, és a kutatók csak helyben nézhetik meg őket.",
        "Registrele și documentele parohiale datează din secolul al XVIII-lea, dar hârtia "
        "se degradează, iar cercetătorii le pot consulta doar pe loc.",
        (
            "{A_hu_adj} plébániai levéltár digitalizálása",
            "Digitalizarea arhivei parohiale din {ro}",
            "Digitising the parish archive of {en}",
        ),
        "C1.1.2",
    ),
    _t(
        "stage_equipment",
        "need",
        ("community-culture", "music", "festivals"),
        ("rural-communities",),
        "Hangosítás és színpadtechnika {a_hu_adj} művelődési háznak",
        "Echipamente de sonorizare și scenă pentru căminul cultural din {ro}",
        "Minden rendezvényre kölcsönkérjük a hangosítást, ami drága és bizonytalan. Saját "
        "alapfelszereltséggel a helyi csoportok is gyakrabban léphetnének fel.",
        "Pentru fiecare eveniment împrumutăm sonorizarea, ceea ce e scump și nesigur. Cu "
        "un echipament propriu, grupurile locale ar putea urca mai des pe scenă.",
        (
            "Színpadtechnika a művelődési házban – {hu}",
            "Echipamente de scenă pentru căminul cultural – {ro}",
            "Stage equipment for the culture house – {en}",
        ),
        "C2.1.1",
    ),
    _t(
        "grant_training",
        "need",
        ("community-culture", "cultural-education"),
        ("professionals",),
        "Pályázatírási képzés kulturális szervezőknek",
        "Curs de scriere de proiecte pentru organizatorii culturali",
        "A kis egyesületek önkéntesei nem ismerik a pályázati rendszereket, ezért sok "
        "forrásról lemaradunk. Gyakorlati, térségi képzésre lenne szükség.",
        "Voluntarii micilor asociații nu cunosc sistemele de finanțare, așa că pierdem multe "
        "oportunități. Ar fi nevoie de un curs practic, organizat în zonă.",
        (
            "Pályázatíró képzés kulturális szervezőknek – {hu}",
            "Curs de scriere de proiecte pentru organizatori culturali – {ro}",
            "Grant-writing course for cultural organisers – {en}",
        ),
        "C4.1.1",
    ),
    _t(
        "library_access",
        "need",
        ("libraries",),
        ("people-with-disabilities", "seniors"),
        "Akadálymentes bejárat {a_hu_adj} könyvtárba",
        "Acces fără bariere la biblioteca din {ro}",
        "A könyvtár az emeleten van, lift nincs. A kerekesszékesek és az idősek nem jutnak "
        "fel, pedig ők olvasnának a legtöbbet.",
        "Biblioteca este la etaj și nu are lift. Persoanele în scaun cu rotile și vârstnicii "
        "nu pot urca, deși ei ar citi cel mai mult.",
        (
            "{A_hu_adj} könyvtár akadálymentesítése",
            "Accesibilizarea bibliotecii din {ro}",
            "Step-free access to the library in {en}",
        ),
        "C2.1.3",
    ),
    _t(
        "heating",
        "need",
        ("community-culture", "built-heritage"),
        ("rural-communities",),
        "{A_hu_adj} kultúrotthon fűtésének korszerűsítése",
        "Modernizarea încălzirii la căminul cultural din {ro}",
        "Télen a kultúrotthont nem lehet kifűteni, ezért novembertől márciusig szinte semmi "
        "program nincs. A régi kályhák helyett korszerű fűtés kellene.",
        "Iarna căminul cultural nu poate fi încălzit, așa că din noiembrie până în martie "
        "aproape nu există programe. În locul sobelor vechi ar trebui o încălzire modernă.",
        (
            "{A_hu_adj} kultúrotthon energetikai felújítása",
            "Renovarea energetică a căminului cultural din {ro}",
            "Energy renovation of the culture house in {en}",
        ),
        "C2.1.1",
    ),
    _t(
        "roma_programme",
        "need",
        ("cultural-education", "music"),
        ("roma-community", "children"),
        "Kulturális programok és tehetséggondozás {a_hu_adj} roma gyerekeknek",
        "Programe culturale și sprijin pentru copiii romi din {ro}",
        "Sok tehetséges roma gyerek zenél és táncol, de nincs, aki foglalkozzon velük. "
        "Rendszeres foglalkozásokra és fellépési lehetőségekre volna szükség.",
        "Mulți copii romi talentați cântă și dansează, dar nu are cine să se ocupe de ei. "
        "Ar fi nevoie de activități regulate și de ocazii de a urca pe scenă.",
        (
            "Tehetséggondozó program roma gyerekeknek – {hu}",
            "Program pentru copiii romi talentați – {ro}",
            "Talent programme for Roma children – {en}",
        ),
        "C2.2.2",
    ),
    # shortcomings
    _t(
        "no_hall",
        "shortcoming",
        ("theatre", "music", "community-culture"),
        ("families", "youth"),
        "Nincs megfelelő előadóterem {a_hu_adj} színjátszók és zenekarok számára",
        "Lipsa unei săli de spectacole în {ro}",
        "A településen nincs olyan terem, ahol száznál több néző elférne, és ahol színpad, "
        "világítás és öltöző is van. A vendégelőadásokat ezért el kell utasítanunk.",
        "În localitate nu există o sală cu peste o sută de locuri, cu scenă, lumini și "
        "cabine. De aceea trebuie să refuzăm spectacolele invitate.",
        (
            "Többfunkciós előadóterem – {hu}",
            "Sală de spectacole multifuncțională – {ro}",
            "Multi-purpose performance hall – {en}",
        ),
        "C3.2.1",
    ),
    _t(
        "no_bus",
        "shortcoming",
        ("community-culture", "festivals"),
        ("rural-communities",),
        "Esti rendezvények után nincs buszjárat a falvakba",
        "După evenimentele de seară nu există transport spre sate",
        "Az utolsó busz hat órakor indul, így a falvakból csak autóval lehet eljutni a "
        "városi előadásokra és koncertekre. A fiatalok és az idősek kimaradnak.",
        "Ultimul autobuz pleacă la ora șase, așa că din sate se poate ajunge la spectacolele "
        "și concertele din oraș doar cu mașina. Tinerii și vârstnicii rămân pe dinafară.",
        (
            "Kulturális esti járat – {hu}",
            "Transport de seară pentru evenimente culturale – {ro}",
            "Evening culture bus – {en}",
        ),
        "C2.2.1",
    ),
    _t(
        "manor_decay",
        "shortcoming",
        ("built-heritage",),
        ("tourists",),
        "Omladozik {a_hu_adj} kúria, senki sem gondozza",
        "Conacul din {ro} se degradează și nu are un administrator",
        "A kúria tetőszerkezete beomlóban van, a falak repednek. Ha a következő években nem "
        "történik állagmegóvás, a műemlék menthetetlenné válik.",
        "Acoperișul conacului stă să se prăbușească, iar zidurile crapă. Dacă în anii "
        "următori nu se fac lucrări de conservare, monumentul nu va mai putea fi salvat.",
        (
            "{A_hu_adj} kúria megmentése",
            "Salvarea conacului din {ro}",
            "Saving the manor house in {en}",
        ),
        "C1.1.1",
    ),
    _t(
        "few_romanian",
        "shortcoming",
        ("community-culture", "literature"),
        ("romanian-community",),
        "Kevés a román nyelvű kulturális kínálat {a_hu_adj} közösség számára",
        "Oferta culturală în limba română este redusă în {ro}",
        "A román anyanyelvű családoknak alig van saját nyelvű programja, a könyvtárban is "
        "kevés a román könyv. Kétnyelvű rendezvények közelebb hoznák a közösségeket.",
        "Familiile de limbă română au puține programe în limba lor, iar biblioteca are "
        "puține cărți în română. Evenimentele bilingve ar apropia comunitățile.",
        (
            "Kétnyelvű kulturális programsorozat – {hu}",
            "Program cultural bilingv – {ro}",
            "Bilingual cultural programme – {en}",
        ),
        "C2.2.1",
    ),
    _t(
        "ageing_groups",
        "shortcoming",
        ("folk-traditions", "dance"),
        ("youth",),
        "A fiatalok elvándorolnak, a hagyományőrző csoportok elöregednek",
        "Tinerii pleacă, iar grupurile de tradiții îmbătrânesc",
        "A tánccsoportok és kórusok tagjainak többsége elmúlt ötven éves. Utánpótlás nélkül "
        "tíz év múlva nem lesz, aki továbbvigye a hagyományokat.",
        "Majoritatea membrilor grupurilor de dans și a corurilor au trecut de cincizeci de "
        "ani. Fără tineri, peste zece ani nu va mai avea cine să ducă tradițiile mai departe.",
        (
            "Fiatalok a hagyományőrzésben – {hu}",
            "Tineri în grupurile de tradiții – {ro}",
            "Young people in heritage groups – {en}",
        ),
        "C1.2.1",
    ),
    _t(
        "frescoes",
        "shortcoming",
        ("religious-heritage", "built-heritage", "visual-arts"),
        ("tourists", "professionals"),
        "{A_hu_adj} templom freskói restaurálásra várnak",
        "Frescele bisericii din {ro} așteaptă restaurarea",
        "A középkori falképek egy részét a nedvesség már megrongálta. Restaurátori "
        "felmérés és állagmegóvás nélkül tovább pusztulnak.",
        "Umezeala a afectat deja o parte din picturile murale medievale. Fără o evaluare a "
        "restauratorilor și lucrări de conservare, ele se vor degrada în continuare.",
        (
            "{A_hu_adj} templom freskóinak restaurálása",
            "Restaurarea frescelor bisericii din {ro}",
            "Restoring the church frescoes in {en}",
        ),
        "C1.1.2",
    ),
    _t(
        "no_signs",
        "shortcoming",
        ("cultural-tourism", "built-heritage"),
        ("tourists",),
        "Nincs kétnyelvű tájékoztató tábla {a_hu_adj} műemlékeknél",
        "Lipsesc panourile informative bilingve la monumentele din {ro}",
        "A látogatók nem tudják, mit látnak: a műemlékeknél nincs felirat, a turisztikai "
        "térképek elavultak.",
        "Vizitatorii nu știu ce văd: la monumente nu există inscripții, iar hărțile "
        "turistice sunt depășite.",
        (
            "Kétnyelvű örökségtáblák – {hu}",
            "Panouri bilingve pentru monumente – {ro}",
            "Bilingual heritage signs – {en}",
        ),
        "C1.1.3",
    ),
    _t(
        "library_hours",
        "shortcoming",
        ("libraries",),
        ("seniors", "children"),
        "{A_hu_adj} könyvtár hetente csak egy napot van nyitva",
        "Biblioteca din {ro} este deschisă doar o zi pe săptămână",
        "A könyvtáros félállásban több intézményt is ellát, ezért a könyvtár szinte mindig "
        "zárva van. A gyerekek iskola után nem tudnak hova menni.",
        "Bibliotecarul lucrează cu jumătate de normă în mai multe instituții, așa că "
        "biblioteca e aproape mereu închisă. Copiii nu au unde merge după școală.",
        (
            "{A_hu_adj} könyvtár közösségi térré alakítása",
            "Biblioteca din {ro} ca spațiu comunitar",
            "Turning the library in {en} into a community space",
        ),
        "C2.1.2",
    ),
    _t(
        "no_gallery",
        "shortcoming",
        ("visual-arts",),
        ("professionals",),
        "Nincs kiállítótér a kortárs helyi alkotóknak",
        "Nu există un spațiu expozițional pentru artiștii locali contemporani",
        "A térség festői, szobrászai és fotósai csak más városokban tudnak kiállítani. "
        "Egy kisebb galéria a helyi közönséget is megszólítaná.",
        "Pictorii, sculptorii și fotografii din zonă pot expune doar în alte orașe. O "
        "galerie mică ar atrage și publicul local.",
        (
            "Kortárs galéria – {hu}",
            "Galerie de artă contemporană – {ro}",
            "Contemporary art gallery – {en}",
        ),
        "C3.2.2",
    ),
    # good practices
    _t(
        "village_days",
        "good_practice",
        ("festivals", "community-culture"),
        ("families",),
        "Jó gyakorlat: {a_hu_adj} falunapot a civil szervezetek közösen szervezik",
        "Bună practică: zilele localității {ro} sunt organizate împreună de asociațiile locale",
        "Öt egyesület, az iskola és az egyházközség együtt állítja össze a falunap "
        "programját; mindenki azt vállalja, amihez ért. Így a költségek is megoszlanak.",
        "Cinci asociații, școala și parohia alcătuiesc împreună programul zilelor "
        "localității; fiecare se ocupă de ce știe mai bine. Astfel se împart și costurile.",
        (
            "Közösségi falunapok hálózata – {hu}",
            "Rețeaua zilelor comunitare – {ro}",
            "Network of community village days – {en}",
        ),
        "C4.2.2",
    ),
    _t(
        "open_churches",
        "good_practice",
        ("religious-heritage", "cultural-tourism"),
        ("tourists",),
        "Nyitott templomok: önkéntesek mutatják be {a_hu_adj} templomot",
        "Biserici deschise: voluntarii prezintă biserica din {ro}",
        "Nyáron hétvégente helyi önkéntesek tartják nyitva a templomot és vezetik körbe a "
        "látogatókat. Az adományokból a tetőjavítást fizetik.",
        "Vara, în weekend, voluntari locali țin biserica deschisă și îi ghidează pe "
        "vizitatori. Din donații se plătește repararea acoperișului.",
        ("Nyitott templomok – {hu}", "Biserici deschise – {ro}", "Open churches – {en}"),
        "C4.2.1",
    ),
    _t(
        "museum_education",
        "good_practice",
        ("museums", "cultural-education"),
        ("children",),
        "Iskolai múzeumpedagógiai foglalkozások {a_hu_adj} tájházban",
        "Ateliere educaționale pentru școlari la casa tradițională din {ro}",
        "Az iskolások havonta egy délelőttöt a tájházban töltenek: kenyeret sütnek, fonnak, "
        "régi játékokat tanulnak. A pedagógusok szerint ez a legnépszerűbb óra.",
        "Elevii petrec lunar o dimineață la casa tradițională: coc pâine, torc, învață "
        "jocuri vechi. Profesorii spun că este ora cea mai îndrăgită.",
        (
            "Múzeumpedagógiai program – {hu}",
            "Program de educație muzeală – {ro}",
            "Museum education programme – {en}",
        ),
        "C3.1.2",
    ),
    _t(
        "bilingual_theatre",
        "good_practice",
        ("theatre",),
        ("children", "romanian-community"),
        "Kétnyelvű gyerekszínházi előadások – bevált gyakorlat",
        "Spectacole bilingve de teatru pentru copii – o practică de succes",
        "A bábszínházi előadásokat magyarul és románul is játsszuk, így a vegyes családok "
        "gyerekei együtt nézhetik őket. Minden előadás telt házas.",
        "Spectacolele de păpuși le jucăm în maghiară și în română, astfel încât copiii din "
        "familiile mixte le pot vedea împreună. Fiecare reprezentație are sala plină.",
        (
            "Kétnyelvű gyerekszínház – {hu}",
            "Teatru bilingv pentru copii – {ro}",
            "Bilingual children's theatre – {en}",
        ),
        "C2.2.1",
    ),
    _t(
        "memory_collection",
        "good_practice",
        ("folk-traditions", "literature", "cultural-education"),
        ("seniors", "youth"),
        "Idősek meséi: helyi emlékezetgyűjtés diákokkal",
        "Poveștile vârstnicilor: elevii culeg memoria locală",
        "A diákok interjút készítenek a falu időseivel a régi mesterségekről, ünnepekről. "
        "A felvételekből kiadvány és kiállítás is készült.",
        "Elevii îi intervievează pe vârstnicii satului despre meșteșugurile și sărbătorile "
        "de altădată. Din înregistrări s-au făcut o publicație și o expoziție.",
        (
            "Emlékezetgyűjtő program – {hu}",
            "Program de culegere a memoriei locale – {ro}",
            "Local memory collection – {en}",
        ),
        "C3.1.1",
    ),
    _t(
        "shared_equipment",
        "good_practice",
        ("community-culture", "festivals"),
        ("rural-communities",),
        "Közös pályázat a szomszéd községekkel: megosztott hangtechnika",
        "Proiect comun cu comunele vecine: echipament de sonorizare împărțit",
        "Négy község közösen vásárolt hangosítást és színpadot, amelyet beosztás szerint "
        "használnak. Egyedül egyikük sem tudta volna megvenni.",
        "Patru comune au cumpărat împreună sonorizare și o scenă, pe care le folosesc prin "
        "rotație. Niciuna nu și-ar fi permis-o singură.",
        (
            "Közös eszközpark – {hu} és térsége",
            "Parc comun de echipamente – {ro} și împrejurimile",
            "Shared equipment pool – {en} area",
        ),
        "C4.1.2",
    ),
    _t(
        "master_apprentice",
        "good_practice",
        ("folk-traditions", "creative-industries"),
        ("youth",),
        "Kézműves mesterségek átadása: mester és tanítvány program",
        "Transmiterea meșteșugurilor: programul meșter și ucenic",
        "Egy idős fazekas és egy kovács egy-egy fiatalt tanít egy éven át. A tanítványok az "
        "év végén saját munkáikat mutatják be a vásáron.",
        "Un olar și un fierar în vârstă învață timp de un an câte un tânăr. La sfârșitul "
        "anului, ucenicii își prezintă lucrările la târg.",
        ("Mester és tanítvány – {hu}", "Meșter și ucenic – {ro}", "Master and apprentice – {en}"),
        "C1.2.2",
    ),
    _t(
        "volunteer_library",
        "good_practice",
        ("libraries", "community-culture"),
        ("seniors",),
        "Önkéntesek tartják nyitva {a_hu_adj} könyvtárat",
        "Voluntarii țin deschisă biblioteca din {ro}",
        "Nyugdíjas pedagógusok beosztás szerint vállalnak ügyeletet, így a könyvtár hetente "
        "négy délután nyitva van, és mesedélutánokat is tartanak.",
        "Profesori pensionari fac de serviciu prin rotație, astfel încât biblioteca este "
        "deschisă patru după-amiezi pe săptămână și găzduiește ore de povești.",
        (
            "Önkéntes könyvtári hálózat – {hu}",
            "Rețeaua de voluntari ai bibliotecilor – {ro}",
            "Volunteer library network – {en}",
        ),
        "C2.1.2",
    ),
)

BODY_EXTRAS = {
    "idea": (
        (
            "Szívesen részt vennénk a szervezésben, és partnereket is hoznánk.",
            "Ne-am implica cu plăcere în organizare și am aduce și parteneri.",
        ),
        (
            "Az ötletet a helyi iskolával és a polgármesteri hivatallal már egyeztettük.",
            "Am discutat deja ideea cu școala și cu primăria.",
        ),
        (
            "Kis költségvetésből elindítható, később bővíthető.",
            "Se poate porni cu un buget mic și extinde ulterior.",
        ),
        (
            "Hasonló kezdeményezés a szomszéd községben már jól működik.",
            "O inițiativă asemănătoare funcționează deja bine în comuna vecină.",
        ),
    ),
    "need": (
        (
            "Saját forrásból ezt nem tudjuk megoldani.",
            "Nu putem rezolva acest lucru din surse proprii.",
        ),
        (
            "Az önkormányzat támogatná, de társfinanszírozásra van szükség.",
            "Primăria ar sprijini proiectul, dar este nevoie de cofinanțare.",
        ),
        (
            "Évek óta halogatjuk, mert nincs rá megfelelő pályázati lehetőség.",
            "Amânăm de ani de zile, pentru că nu există o linie de finanțare potrivită.",
        ),
        (
            "A helyi vállalkozók önkéntes munkát ajánlottak fel.",
            "Antreprenorii locali s-au oferit să ajute prin muncă voluntară.",
        ),
    ),
    "shortcoming": (
        ("Ez a probléma a környező falvakat is érinti.", "Problema afectează și satele din jur."),
        (
            "Emiatt több rendezvényt le kellett mondanunk.",
            "Din acest motiv a trebuit să anulăm mai multe evenimente.",
        ),
        (
            "A helyiek többször jelezték ezt a falugyűlésen.",
            "Localnicii au semnalat acest lucru de mai multe ori la adunările sătești.",
        ),
        ("A helyzet évről évre romlik.", "Situația se agravează de la an la an."),
    ),
    "good_practice": (
        (
            "A kezdeményezést más településeken is érdemes volna átvenni.",
            "Inițiativa ar merita preluată și în alte localități.",
        ),
        (
            "Tavaly több mint kétszázan vettek részt rajta.",
            "Anul trecut au participat peste două sute de persoane.",
        ),
        (
            "Szívesen megosztjuk a tapasztalatainkat más szervezetekkel.",
            "Împărtășim cu plăcere experiența noastră cu alte organizații.",
        ),
        (
            "A költségek nagy részét helyi támogatók fedezték.",
            "Cea mai mare parte a costurilor a fost acoperită de sponsori locali.",
        ),
    ),
}

RESOURCES = (
    (
        "Becsült költség: {n} 000 lej; önkéntesek és a helyi iskola segítsége.",
        "Cost estimat: {n} 000 lei; voluntari și sprijinul școlii locale.",
    ),
    (
        "Kb. {n} 000 lej, helyszín (művelődési ház), két szakember tiszteletdíja.",
        "Circa {n} 000 lei, spațiu (căminul cultural), onorariul a doi specialiști.",
    ),
    (
        "{n} 000 lej körül; az önkormányzat a helyszínt és a szállítást vállalja.",
        "În jur de {n} 000 lei; primăria asigură spațiul și transportul.",
    ),
    (
        "Tervezés, kivitelezés és műszaki ellenőrzés: kb. {n} 000 lej.",
        "Proiectare, execuție și diriginte de șantier: aproximativ {n} 000 lei.",
    ),
)

PROJECT_EN_SUMMARY = "Developed from {n} contribution(s) to the participatory process."
PROJECT_OBJECTIVES = (
    "A helyi kulturális kínálat bővítése és a közösség bevonása.",
    "Extinderea ofertei culturale locale și implicarea comunității.",
    "To widen the local cultural offer and involve the community.",
)
PROJECT_RESULTS = (
    "Évente legalább {n} résztvevő; megújult helyszín vagy új program; dokumentált "
    "tapasztalatok más településeknek.",
    "Cel puțin {n} participanți pe an; un spațiu renovat sau un program nou; experiențe "
    "documentate pentru alte localități.",
    "At least {n} participants a year; a renewed venue or a new programme; lessons "
    "documented for other settlements.",
)

# --- strategy -------------------------------------------------------------------------------

STRATEGY_TITLE = {
    "hu": "Hargita megye kulturális stratégiája 2027–2033",
    "ro": "Strategia culturală a județului Harghita 2027–2033",
    "en": "Cultural strategy of Harghita County 2027–2033",
}
STRATEGY_VISION = {
    "hu": "2033-ra Hargita megye minden településén élő, összetartó és nyitott kulturális "
    "élet van, amely megőrzi a székelyföldi hagyományokat, teret ad a fiatal alkotóknak, és "
    "vonzza a látogatókat.",
    "ro": "Până în 2033, fiecare localitate din județul Harghita are o viață culturală vie, "
    "solidară și deschisă, care păstrează tradițiile locale, oferă spațiu tinerilor creatori "
    "și atrage vizitatori.",
    "en": "By 2033 every settlement of Harghita County has a lively, cohesive and open cultural "
    "life that keeps the region's traditions, gives room to young artists and draws visitors.",
}
STRATEGY_SUMMARY = {
    "hu": "A stratégia a megye négy kistérségében tartott műhelyeken, előadásokon és az online "
    "felületen beérkezett javaslatokra épül. Négy célt, nyolc prioritási tengelyt és húsznál "
    "kevesebb intézkedést határoz meg, amelyekhez a projektportfólió elemei kapcsolódnak.",
    "ro": "Strategia se bazează pe propunerile primite la atelierele și prelegerile din cele "
    "patru microregiuni ale județului și pe platforma online. Stabilește patru obiective, opt "
    "axe prioritare și sub douăzeci de măsuri, de care se leagă proiectele din portofoliu.",
    "en": "The strategy builds on the proposals gathered at workshops and lectures in the "
    "county's four micro-regions and online. It sets four goals, eight priority axes and "
    "fewer than twenty measures, to which the projects of the portfolio are linked.",
}

# (code, hu, ro, en, [axes: (code, hu, ro, en, [measures: (code, hu, ro, en)])])
STRATEGY_TREE = (
    (
        "C1",
        "Élő örökség",
        "Patrimoniu viu",
        "Living heritage",
        (
            (
                "C1.1",
                "Az épített és egyházi örökség védelme",
                "Protejarea patrimoniului construit și religios",
                "Protecting built and religious heritage",
                (
                    (
                        "C1.1.1",
                        "Műemlékek, kúriák és falumúzeumok felújítása",
                        "Renovarea monumentelor, conacelor și muzeelor sătești",
                        "Renovating monuments, manor houses and village museums",
                    ),
                    (
                        "C1.1.2",
                        "Egyházi örökség és levéltárak digitalizálása",
                        "Digitalizarea patrimoniului religios și a arhivelor",
                        "Digitising religious heritage and archives",
                    ),
                    (
                        "C1.1.3",
                        "Kétnyelvű örökségtáblák és tájékoztatás",
                        "Panouri și informare bilingvă despre patrimoniu",
                        "Bilingual heritage signs and information",
                    ),
                ),
            ),
            (
                "C1.2",
                "A népi hagyományok átörökítése",
                "Transmiterea tradițiilor populare",
                "Passing on folk traditions",
                (
                    (
                        "C1.2.1",
                        "Hagyományőrző csoportok és utánpótlásuk támogatása",
                        "Sprijinirea grupurilor de tradiții și a tinerilor membri",
                        "Supporting heritage groups and their young members",
                    ),
                    (
                        "C1.2.2",
                        "Mester és tanítvány: kézműves tudás átadása",
                        "Meșter și ucenic: transmiterea meșteșugurilor",
                        "Master and apprentice: passing on craft skills",
                    ),
                ),
            ),
        ),
    ),
    (
        "C2",
        "Közösségi kultúra minden településen",
        "Cultură comunitară în fiecare localitate",
        "Community culture in every settlement",
        (
            (
                "C2.1",
                "Művelődési házak és könyvtárak megújítása",
                "Modernizarea caselor de cultură și a bibliotecilor",
                "Renewing culture houses and libraries",
                (
                    (
                        "C2.1.1",
                        "Művelődési házak felújítása és felszerelése",
                        "Renovarea și dotarea căminelor culturale",
                        "Renovating and equipping culture houses",
                    ),
                    (
                        "C2.1.2",
                        "Könyvtárak mint közösségi terek",
                        "Bibliotecile ca spații comunitare",
                        "Libraries as community spaces",
                    ),
                    (
                        "C2.1.3",
                        "Akadálymentes kulturális intézmények",
                        "Instituții culturale accesibile",
                        "Accessible cultural institutions",
                    ),
                ),
            ),
            (
                "C2.2",
                "Hozzáférés és befogadás",
                "Acces și incluziune",
                "Access and inclusion",
                (
                    (
                        "C2.2.1",
                        "Kétnyelvű és a falvakat is elérő programok",
                        "Programe bilingve care ajung și în sate",
                        "Bilingual programmes that reach villages too",
                    ),
                    (
                        "C2.2.2",
                        "Roma és hátrányos helyzetű közösségek kulturális programjai",
                        "Programe culturale pentru comunitățile rome și defavorizate",
                        "Cultural programmes for Roma and disadvantaged communities",
                    ),
                ),
            ),
        ),
    ),
    (
        "C3",
        "Alkotó fiatalok, tudatos közönség",
        "Tineri creativi, public informat",
        "Creative young people, engaged audiences",
        (
            (
                "C3.1",
                "Kulturális nevelés",
                "Educație culturală",
                "Cultural education",
                (
                    (
                        "C3.1.1",
                        "Táborok és műhelyek gyerekeknek és fiataloknak",
                        "Tabere și ateliere pentru copii și tineri",
                        "Camps and workshops for children and young people",
                    ),
                    (
                        "C3.1.2",
                        "Múzeumpedagógia és iskolai együttműködések",
                        "Educație muzeală și parteneriate cu școlile",
                        "Museum education and school partnerships",
                    ),
                ),
            ),
            (
                "C3.2",
                "Előadó-művészet és kortárs alkotás",
                "Arte ale spectacolului și creație contemporană",
                "Performing arts and contemporary work",
                (
                    (
                        "C3.2.1",
                        "Előadóterek és próbatermek",
                        "Săli de spectacole și de repetiții",
                        "Performance and rehearsal spaces",
                    ),
                    (
                        "C3.2.2",
                        "Kortárs képzőművészet és kreatív iparágak",
                        "Arte vizuale contemporane și industrii creative",
                        "Contemporary visual arts and creative industries",
                    ),
                ),
            ),
        ),
    ),
    (
        "C4",
        "Erős kulturális szervezetek, látogatható térség",
        "Organizații culturale puternice, o regiune de vizitat",
        "Strong cultural organisations, a region worth visiting",
        (
            (
                "C4.1",
                "Szervezetfejlesztés és együttműködés",
                "Dezvoltare organizațională și cooperare",
                "Capacity building and cooperation",
                (
                    (
                        "C4.1.1",
                        "Képzések kulturális szervezőknek",
                        "Formare pentru organizatorii culturali",
                        "Training for cultural organisers",
                    ),
                    (
                        "C4.1.2",
                        "Közös eszközpark és programnaptár",
                        "Parc comun de echipamente și calendar comun",
                        "Shared equipment and a common events calendar",
                    ),
                ),
            ),
            (
                "C4.2",
                "Kulturális turizmus",
                "Turism cultural",
                "Cultural tourism",
                (
                    (
                        "C4.2.1",
                        "Tematikus útvonalak és nyitott templomok",
                        "Trasee tematice și biserici deschise",
                        "Themed routes and open churches",
                    ),
                    (
                        "C4.2.2",
                        "Fesztiválok és közösségi rendezvények",
                        "Festivaluri și evenimente comunitare",
                        "Festivals and community events",
                    ),
                ),
            ),
        ),
    ),
)

# --- the meeting series: speakers, agenda, registration, feedback, minutes, materials -------

INSTITUTIONS = {
    # key: (Hungarian, Romanian, English)
    "hmkk": (
        "Hargita Megyei Kulturális Központ",
        "Centrul Cultural Județean Harghita",
        "Harghita County Cultural Centre",
    ),
    "ubb": (
        "Babeș–Bolyai Tudományegyetem, Kolozsvár",
        "Universitatea Babeș–Bolyai, Cluj-Napoca",
        "Babeș–Bolyai University, Cluj-Napoca",
    ),
    "sapientia": (
        "Sapientia Erdélyi Magyar Tudományegyetem, Csíkszereda",
        "Universitatea Sapientia, Miercurea Ciuc",
        "Sapientia Hungarian University of Transylvania, Miercurea Ciuc",
    ),
    "snspa": (
        "Nemzeti Politika- és Közigazgatás-tudományi Egyetem, Bukarest",
        "Școala Națională de Studii Politice și Administrative, București",
        "National University of Political Studies and Public Administration, Bucharest",
    ),
    "ulbs": (
        "Lucian Blaga Egyetem, Nagyszeben",
        "Universitatea „Lucian Blaga” din Sibiu",
        "Lucian Blaga University of Sibiu",
    ),
    "unitbv": (
        "Transilvania Egyetem, Brassó",
        "Universitatea Transilvania din Brașov",
        "Transilvania University of Brașov",
    ),
    "inc": (
        "Nemzeti Kulturális Kutató- és Képzőközpont, Bukarest",
        "Institutul Național pentru Cercetare și Formare Culturală, București",
        "National Institute for Cultural Research and Training, Bucharest",
    ),
    "adr": (
        "Központ Regionális Fejlesztési Ügynökség, Gyulafehérvár",
        "Agenția pentru Dezvoltare Regională Centru, Alba Iulia",
        "Centre Regional Development Agency, Alba Iulia",
    ),
    "szekely_museum": (
        "Csíki Székely Múzeum, Csíkszereda",
        "Muzeul Secuiesc al Ciucului, Miercurea Ciuc",
        "Székely Museum of Csík, Miercurea Ciuc",
    ),
    "muzeul_mures": (
        "Maros Megyei Múzeum, Marosvásárhely",
        "Muzeul Județean Mureș, Târgu Mureș",
        "Mureș County Museum, Târgu Mureș",
    ),
    "eme": (
        "Erdélyi Múzeum-Egyesület, Kolozsvár",
        "Societatea Muzeului Ardelean, Cluj-Napoca",
        "Transylvanian Museum Society, Cluj-Napoca",
    ),
    "kajoni": (
        "Kájoni János Megyei Könyvtár, Csíkszereda",
        "Biblioteca Județeană „Kájoni János”, Miercurea Ciuc",
        "Kájoni János County Library, Miercurea Ciuc",
    ),
    "arts": (
        "Marosvásárhelyi Művészeti Egyetem",
        "Universitatea de Arte din Târgu Mureș",
        "University of Arts, Târgu Mureș",
    ),
    "procultura": (
        "Pro Cultura Közösségi Alapítvány, Székelyudvarhely",
        "Fundația Comunitară Pro Cultura, Odorheiu Secuiesc",
        "Pro Cultura Community Foundation, Odorheiu Secuiesc",
    ),
    "kulturpont": (
        "Kultúrpont Digitális Műhely, Gyergyószentmiklós",
        "Atelierul Digital Kultúrpont, Gheorgheni",
        "Kultúrpont Digital Workshop, Gheorgheni",
    ),
    "independent": ("független szakértő", "expert independent", "independent expert"),
}

SPEAKER_ROLES = {
    # key: (Hungarian, Romanian, English)
    "cultural_manager": ("Kulturális menedzser", "Manager cultural", "Cultural manager"),
    "sociologist": ("Szociológus", "Sociolog", "Sociologist"),
    "regional_expert": (
        "Terület- és településfejlesztési szakértő",
        "Expert în dezvoltare locală și regională",
        "Local and regional development expert",
    ),
    "pr_specialist": (
        "Kommunikációs szakember",
        "Specialist în comunicare",
        "Communications specialist",
    ),
    "fundraiser": (
        "Forrásteremtési tanácsadó",
        "Consultant în atragerea de fonduri",
        "Fundraising consultant",
    ),
    "conservation_architect": (
        "Műemlékvédő építész",
        "Arhitect restaurator",
        "Conservation architect",
    ),
    "museologist": ("Muzeológus", "Muzeograf", "Museologist"),
    "digitisation": (
        "Digitalizálási szakember",
        "Specialist în digitizare",
        "Digitisation specialist",
    ),
    "cultural_policy": (
        "Kultúrpolitikai kutató",
        "Cercetător în politici culturale",
        "Cultural policy researcher",
    ),
    "anthropologist": ("Kulturális antropológus", "Antropolog cultural", "Cultural anthropologist"),
    "journalist": (
        "Újságíró, médiatréner",
        "Jurnalist, formator media",
        "Journalist and media trainer",
    ),
    "librarian": (
        "Könyvtáros, könyvtárfejlesztő",
        "Bibliotecar, specialist în dezvoltarea bibliotecilor",
        "Librarian and library developer",
    ),
    "management_consultant": (
        "Szervezetfejlesztési tanácsadó",
        "Consultant în dezvoltare organizațională",
        "Organisational development consultant",
    ),
    "historian": ("Történész", "Istoric", "Historian"),
    "community_organiser": ("Közösségszervező", "Organizator comunitar", "Community organiser"),
    "cultural_economist": (
        "Kultúragazdaságtan-kutató",
        "Cercetător în economia culturii",
        "Cultural economics researcher",
    ),
}

# Fictional lecturers, in the order they join the series: the first eight cover every
# expertise area, so the smallest demo has a lecturer for each lecture.
# (name as written, language, institution, role, expertise slugs)
SPEAKERS: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
    ("Dr. Bíró Enikő", "hu", "hmkk", "cultural_manager", ("culture", "management")),
    (
        "Conf. univ. dr. Ioana Mureșan",
        "ro",
        "ubb",
        "sociologist",
        ("culture", "regional-development"),
    ),
    (
        "Dr. Kelemen Botond",
        "hu",
        "sapientia",
        "regional_expert",
        ("regional-development", "fundraising"),
    ),
    (
        "Lect. univ. dr. Andrei Popescu",
        "ro",
        "snspa",
        "pr_specialist",
        ("public-relations", "digital"),
    ),
    ("Szőcs Tünde", "hu", "procultura", "fundraiser", ("fundraising", "management")),
    (
        "Dr. arh. Mihai Olteanu",
        "ro",
        "ulbs",
        "conservation_architect",
        ("heritage", "regional-development"),
    ),
    ("Dr. Lázár Réka", "hu", "szekely_museum", "museologist", ("heritage", "digital")),
    ("Tankó Szabolcs", "hu", "kulturpont", "digitisation", ("digital", "public-relations")),
    ("Prof. dr. Gheorghe Bucur", "ro", "inc", "cultural_policy", ("culture", "management")),
    ("Dr. Fülöp Katalin", "hu", "ubb", "anthropologist", ("culture", "heritage")),
    ("Raluca Ungureanu", "ro", "adr", "regional_expert", ("regional-development", "fundraising")),
    ("Csiszér Levente", "hu", "independent", "journalist", ("public-relations",)),
    ("Dr. Orbán Hajnal", "hu", "kajoni", "librarian", ("digital", "culture")),
    (
        "Conf. univ. dr. Simona Costea",
        "ro",
        "unitbv",
        "management_consultant",
        ("management", "public-relations"),
    ),
    ("Ambrus Hunor", "hu", "independent", "fundraiser", ("fundraising",)),
    (
        "Dr. Sebestyén Ildikó",
        "hu",
        "sapientia",
        "cultural_economist",
        ("management", "regional-development"),
    ),
    ("Cristina Moldovan", "ro", "muzeul_mures", "museologist", ("heritage", "culture")),
    ("Dr. Demeter Árpád", "hu", "eme", "historian", ("heritage", "culture")),
    ("Vass Melinda", "hu", "hmkk", "pr_specialist", ("public-relations", "culture")),
    ("Ovidiu Chirilă", "ro", "independent", "digitisation", ("digital",)),
    ("Dr. Benedek Zsolt", "hu", "arts", "cultural_manager", ("culture", "management")),
    ("Lect. univ. dr. Alina Pintea", "ro", "ubb", "pr_specialist", ("public-relations",)),
    (
        "Borbély Emőke",
        "hu",
        "procultura",
        "community_organiser",
        ("culture", "regional-development"),
    ),
    ("Dr. Sorin Lungu", "ro", "adr", "regional_expert", ("regional-development",)),
    ("Kósa Gergő", "hu", "independent", "management_consultant", ("management", "fundraising")),
    ("Dr. Jakab Orsolya", "hu", "szekely_museum", "conservation_architect", ("heritage",)),
    ("Teodora Sabău", "ro", "inc", "cultural_policy", ("culture", "digital")),
    ("Dr. Mátyás Csilla", "hu", "sapientia", "digitisation", ("digital", "management")),
    ("Pál Barna", "hu", "hmkk", "fundraiser", ("fundraising", "culture")),
    ("Conf. univ. dr. Radu Iacob", "ro", "ulbs", "management_consultant", ("management",)),
    ("Dr. Tőkés Boglárka", "hu", "ubb", "sociologist", ("culture", "public-relations")),
    ("Loredana Crăciun", "ro", "independent", "fundraiser", ("fundraising", "public-relations")),
    (
        "Bartalis Előd",
        "hu",
        "independent",
        "conservation_architect",
        ("heritage", "regional-development"),
    ),
    ("Dr. Incze Noémi", "hu", "kajoni", "librarian", ("culture", "digital")),
    ("Marius Toma", "ro", "muzeul_mures", "digitisation", ("digital", "heritage")),
    (
        "Dr. Albert Lehel",
        "hu",
        "sapientia",
        "regional_expert",
        ("regional-development", "management"),
    ),
    ("Elena Hurduc", "ro", "hmkk", "community_organiser", ("culture",)),
    ("Gál Dóra", "hu", "kulturpont", "pr_specialist", ("public-relations", "digital")),
    ("Dr. Ferencz Imre", "hu", "eme", "historian", ("heritage",)),
    ("Ștefan Dobrean", "ro", "independent", "cultural_manager", ("management", "culture")),
)
# The demo expert account's own speaker profile: (name, institution, role, expertise).
DEMO_EXPERT_SPEAKER = (
    "Dr. Kolumbán Ágnes",
    "hmkk",
    "cultural_manager",
    ("culture", "management", "heritage"),
)
# Roles and expertise given to the process's own experts who also lecture.
INTERNAL_SPEAKER_PROFILES = (
    ("community_organiser", ("culture", "regional-development")),
    ("cultural_manager", ("management", "culture")),
    ("pr_specialist", ("public-relations",)),
    ("fundraiser", ("fundraising", "management")),
    ("museologist", ("heritage", "digital")),
)

SPEAKER_BIO_AREAS = ("Fő területei", "Domenii principale", "Main areas")
SPEAKER_BIO_EXTRAS = (
    (
        "Több mint tizenöt éve dolgozik kulturális intézményekkel és civil szervezetekkel.",
        "Lucrează de peste cincisprezece ani cu instituții culturale și organizații "
        "neguvernamentale.",
        "Has worked with cultural institutions and NGOs for more than fifteen years.",
    ),
    (
        "Rendszeresen tart képzéseket önkormányzatoknak és egyesületeknek.",
        "Susține regulat cursuri pentru administrații locale și asociații.",
        "Regularly trains local councils and associations.",
    ),
    (
        "Kutatásai a vidéki közösségek kulturális életére irányulnak.",
        "Cercetările sale privesc viața culturală a comunităților rurale.",
        "Researches the cultural life of rural communities.",
    ),
    (
        "Több határon átnyúló kulturális projekt koordinátora volt.",
        "A coordonat mai multe proiecte culturale transfrontaliere.",
        "Has coordinated several cross-border cultural projects.",
    ),
    (
        "Társszerzője a megye előző kulturális fejlesztési tervének.",
        "Este coautor al planului anterior de dezvoltare culturală al județului.",
        "Co-authored the county's previous cultural development plan.",
    ),
    (
        "Mentorként segíti fiatal kulturális szervezők munkáját.",
        "Ca mentor, sprijină tinerii organizatori culturali.",
        "Mentors young cultural organisers.",
    ),
)

# Agenda templates: (minutes from the start, minutes long, (hu, ro, en), description or
# None, who speaks: "main", "second" or None). A lecture lasts 2 hours, a workshop 4.
_NO_TEXT: tuple[str, str, str] | None = None
LECTURE_AGENDA = (
    (0, 10, ("Köszöntő", "Cuvânt de bun venit", "Welcome"), _NO_TEXT, None),
    (
        10,
        60,
        ("Előadás", "Prelegere", "Lecture"),
        (
            "Az előadás után a diák a tudástárba kerülnek.",
            "După prelegere, diapozitivele ajung în biblioteca de materiale.",
            "After the lecture the slides go to the library.",
        ),
        "main",
    ),
    (
        70,
        40,
        ("Kérdések és beszélgetés", "Întrebări și discuții", "Questions and discussion"),
        _NO_TEXT,
        None,
    ),
    (
        110,
        10,
        ("Zárás és visszajelzés", "Încheiere și feedback", "Closing and feedback"),
        _NO_TEXT,
        None,
    ),
)
# With a second speaker the lecture is shorter and a response follows it.
LECTURE_AGENDA_WITH_RESPONSE = (
    (0, 10, ("Köszöntő", "Cuvânt de bun venit", "Welcome"), _NO_TEXT, None),
    (10, 45, ("Előadás", "Prelegere", "Lecture"), _NO_TEXT, "main"),
    (
        55,
        20,
        (
            "Reflexió: egy második nézőpont",
            "Replică: o a doua perspectivă",
            "Response: a second view",
        ),
        _NO_TEXT,
        "second",
    ),
    (
        75,
        35,
        ("Kérdések és beszélgetés", "Întrebări și discuții", "Questions and discussion"),
        _NO_TEXT,
        None,
    ),
    (
        110,
        10,
        ("Zárás és visszajelzés", "Încheiere și feedback", "Closing and feedback"),
        _NO_TEXT,
        None,
    ),
)
WORKSHOP_AGENDA = (
    (
        0,
        15,
        ("Megnyitó", "Deschidere", "Opening"),
        (
            "A folyamat és a nap menetének bemutatása.",
            "Prezentarea procesului și a programului zilei.",
            "The process and the plan of the day.",
        ),
        None,
    ),
    (
        15,
        30,
        ("Helyzetkép", "Analiza situației", "Where we stand"),
        (
            "Adatok a térség kulturális intézményeiről, programjairól és közönségéről.",
            "Date despre instituțiile, programele și publicul cultural al zonei.",
            "Figures on the area's cultural institutions, programmes and audiences.",
        ),
        "main",
    ),
    (
        45,
        90,
        ("Csoportmunka", "Lucru pe grupe", "Group work"),
        (
            "Négy asztalnál: szükségletek, hiányosságok, ötletek, jó gyakorlatok.",
            "La patru mese: nevoi, lipsuri, idei, bune practici.",
            "At four tables: needs, gaps, ideas, good practices.",
        ),
        None,
    ),
    (135, 15, ("Szünet", "Pauză", "Break"), _NO_TEXT, None),
    (
        150,
        60,
        ("Ötletek bemutatása", "Prezentarea ideilor", "Presenting the ideas"),
        (
            "Minden csoport bemutatja és pontozással rangsorolja az ötleteit.",
            "Fiecare grup își prezintă ideile și le prioritizează prin vot.",
            "Each group presents its ideas and ranks them by dot voting.",
        ),
        None,
    ),
    (210, 30, ("Összegzés", "Concluzii", "Summing up"), _NO_TEXT, None),
)

# Registration questions asked at every workshop: (label, kind, choices, required).
REGISTRATION_QUESTIONS = (
    (
        ("Étkezési igény", "Preferințe alimentare", "Dietary needs"),
        "choice",
        (
            ("általános", "fără restricții", "no restrictions"),
            ("vegetáriánus", "vegetarian", "vegetarian"),
            ("gluténmentes", "fără gluten", "gluten-free"),
            ("laktózmentes", "fără lactoză", "lactose-free"),
        ),
        True,
    ),
    (
        ("Akadálymentesítési igény", "Nevoi de accesibilitate", "Accessibility needs"),
        "text",
        (),
        False,
    ),
)
DIET_WEIGHTS = (0.76, 0.15, 0.05, 0.04)
ACCESSIBILITY_ANSWERS = {
    "hu": (
        "Kerekesszékkel érkezem.",
        "Nagyothalló vagyok, az első sorokban szeretnék ülni.",
        "Kisgyermekkel érkezem, jó lenne egy csendes sarok.",
    ),
    "ro": (
        "Vin cu scaun cu rotile.",
        "Am deficiențe de auz, aș dori să stau în primele rânduri.",
        "Vin cu un copil mic, ar fi util un colț liniștit.",
    ),
}

FEEDBACK_QUESTIONS = (
    # (label, kind)
    (("Mennyire volt hasznos?", "Cât de util a fost?", "How useful was it?"), "rating"),
    (
        ("Az előadó felkészültsége", "Pregătirea lectorului", "The speaker's preparation"),
        "rating",
    ),
    (("A szervezés", "Organizarea", "The organisation"), "rating"),
    (("Mit javasolna?", "Ce ați propune?", "What would you suggest?"), "text"),
)
RATING_WEIGHTS = (0.02, 0.05, 0.18, 0.4, 0.35)  # for 1..5
FEEDBACK_TEXTS = {
    "hu": (
        "Több gyakorlati példát szeretnék hallani.",
        "Hasznos volt, köszönöm!",
        "Kevesebb elmélet, több beszélgetés.",
        "A diákat előre is elküldhetnék.",
        "Legyen online közvetítés is.",
        "Kisebb csoportokban jobban lehetne dolgozni.",
        "Jó lenne, ha a következő alkalom délután lenne.",
        "Hosszabb szünetet kérnénk.",
        "Jó volt más települések szervezőivel találkozni.",
    ),
    "ro": (
        "Aș dori mai multe exemple practice.",
        "Foarte bine organizat, mulțumesc!",
        "Mai puțină teorie, mai multă discuție.",
        "Ar fi util să primim materialele dinainte.",
        "Propun și transmisie online.",
        "Traducerea simultană ar ajuta.",
        "Grupuri mai mici pentru lucru.",
    ),
}

# Minutes of a workshop, in Markdown. Placeholders: {title_hu}, {title_ro}, {date},
# {venue}, {present}, {agenda}, {ideas}.
MINUTES_TEMPLATE = """# Emlékeztető / Minută

**{title_hu}** / *{title_ro}*

- **Időpont / Data:** {date}
- **Helyszín / Locul:** {venue}
- **Jelen voltak / Participanți:** {present}

## Napirend / Ordinea de zi

{agenda}

## A műhely fő gondolatai / Ideile principale

{ideas}

## Következő lépések / Pașii următori

- Az ötleteket feltöltöttük a platformra; bárki kiegészítheti vagy támogathatja őket.
  / Ideile au fost încărcate pe platformă, unde oricine le poate completa sau susține.
- A csoportok felelősei két héten belül pontosítják a javaslatokat.
  / Responsabilii grupurilor precizează propunerile în două săptămâni.
- A következő alkalom témáját a visszajelzések alapján választjuk ki.
  / Tema următoarei întâlniri se alege pe baza feedbackului.
"""
# When a workshop gathered few contributions, these fill its list of ideas (hu, ro).
MINUTES_EXTRA_IDEAS = (
    (
        "Közös kulturális eseménynaptár a térség településeinek",
        "Un calendar cultural comun pentru localitățile zonei",
    ),
    (
        "Képzés önkénteseknek a rendezvényszervezésről",
        "Formare pentru voluntari în organizarea evenimentelor",
    ),
    (
        "A művelődési házak nyitvatartásának bővítése",
        "Extinderea programului de funcționare a căminelor culturale",
    ),
    (
        "Tájházak hálózata közös látogatói programmal",
        "O rețea a caselor tradiționale cu program comun de vizitare",
    ),
    ("Fiatal alkotók bemutatkozási lehetősége", "Ocazii de prezentare pentru tinerii creatori"),
    (
        "Pályázati tanácsadás kis egyesületeknek",
        "Consultanță pentru proiecte pentru asociațiile mici",
    ),
)

# Materials of a lecture: (kind, Hungarian title, Romanian title, file name, Hungarian
# description, Romanian description). Titles are followed by the lecture's title.
MATERIALS = (
    (
        "slides",
        "Előadás diái (PDF)",
        "Diapozitivele prelegerii (PDF)",
        "diak.pdf",
        "Az előadáson bemutatott diák, a hivatkozott forrásokkal.",
        "Diapozitivele prezentate la prelegere, cu sursele citate.",
    ),
    (
        "reading",
        "Ajánlott olvasmányok",
        "Bibliografie recomandată",
        "olvasmanyok.pdf",
        "Szakirodalom és jó gyakorlatok a téma iránt érdeklődőknek.",
        "Bibliografie și bune practici pentru cei interesați de subiect.",
    ),
    (
        "recording",
        "Az előadás felvétele",
        "Înregistrarea prelegerii",
        "felvetel",
        "Videofelvétel az előadásról és az azt követő beszélgetésről.",
        "Înregistrare video a prelegerii și a discuției care a urmat.",
    ),
    (
        "handout",
        "Munkalap a résztvevőknek",
        "Fișă de lucru pentru participanți",
        "munkalap.pdf",
        "Kérdések és sablonok a saját szervezet helyzetének felméréséhez.",
        "Întrebări și șabloane pentru evaluarea propriei organizații.",
    ),
)
LICENCE_WEIGHTS = {
    "cc-by-4.0": 0.7,
    "cc-by-sa-4.0": 0.12,
    "cc-by-nc-4.0": 0.1,
    "cc0-1.0": 0.03,
    "all-rights-reserved": 0.05,
}
