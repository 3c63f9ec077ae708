"""Demo content for `manage.py seed_demo`, as plain data.

The five 2025 applications are the real ones from seed 001 (the SSU meeting of 09.09.2025, the
applications on Helse Nord's form sent to Helsefellesskap Helgeland by 1 March 2025). Texts are the
applicants' own wording, joined across the PDF's line breaks and trimmed where very long.
Contact persons are invented (names, e-mail at example.no, phone numbers); only their job titles
come from the seed. Where the portal needs something the paper form did not ask for (a risk row, a
priority group, a milestone with a quarter), it is derived from the application's own text and the
comment says so.

The two drafts for the open 2026 round are ideas from seeds 000, 002 and 003, with round numbers.
"""

import datetime as dt

HSYK = "Helgelandssykehuset HF"

# --- Contact persons (invented) --------------------------------------------------------------
# One invented person per real person, so the same kommunalsjef in Vefsn is the same contact on
# all three Vefsn applications.
_PEOPLE = {
    "vefsn_kommunalsjef": ("Kari Nordvik", "+47 400 00 001"),
    "rana_kontakt": ("Ingrid Holmvik", "+47 400 00 002"),
    "alstahaug_kontakt": ("Marte Lillevik", "+47 400 00 003"),
    "hsyk_klinikksjef_med": ("Tor Arne Strand", "+47 400 00 004"),
    "hsyk_stedfortreder_kir": ("Siri Kvam", "+47 400 00 005"),
    "vefsn_kommuneoverlege": ("Anders Myrvang", "+47 400 00 006"),
    "vefsn_enhetsleder": ("Lene Storli", "+47 400 00 007"),
    "hsyk_avdleder_kir": ("Hanne Vikstrøm", "+47 400 00 008"),
    "hsyk_avdleder_med": ("Jon Eirik Aune", "+47 400 00 009"),
    "bronnoy_helsesjef": ("Randi Bakken", "+47 400 00 010"),
    "hsyk_dms_leder": ("Øystein Lorentzen", "+47 400 00 011"),
    "hsyk_fagstab": ("Per Kristian Haugland", "+47 400 00 012"),
    "rana_hr": ("Gunn Sivertsen", "+47 400 00 013"),
    "hsyk_hr": ("Elin Skogstad", "+47 400 00 014"),
}

# The application's own fields that a demo application (seed_demo) and a generated one
# (core/bench_data.py) take from the seed data as they are.
APPLICATION_FIELDS = [
    "title",
    "owners_note",
    "agreement_signed_on",
    "is_continuation",
    "summary",
    "expected_benefits",
    "purpose_fit",
    "amount_applied_nok",
    "amount_applied_purpose",
    "municipal_contribution_nok",
    "municipal_contribution_text",
    "hospital_contribution_nok",
    "hospital_contribution_text",
    "financing_plan",
    "patient_responsibility",
    "digital_solutions",
    "project_plan",
    "user_involvement",
]

_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def _contact(person: str, side: str, title: str) -> dict:
    name, phone = _PEOPLE[person]
    email = ".".join(name.lower().translate(_ASCII).split()) + "@example.no"
    return {"side": side, "name": name, "title": title, "email": email, "phone": phone}


def _kommune(person, title):
    return _contact(person, "kommune", title)


def _hf(person, title):
    return _contact(person, "helseforetak", title)


_BENEFIT_COLUMNS = (
    "benefit",
    "beneficiary",
    "responsible",
    "measurement",
    "how_to_measure",
    "prerequisites",
    "time_horizon",
)


def _nytte(*columns: str) -> dict:
    """A whole row of the nytteskjema, its seven columns in the form's order."""
    return dict(zip(_BENEFIT_COLUMNS, columns, strict=True))


def _benefit(benefit: str, measurement: str, beneficiary: str = "") -> dict:
    """A benefit the application names in prose: what it is, and for whom when it says so."""
    return {"benefit": benefit, "measurement": measurement, "beneficiary": beneficiary}


ALL_HELGELAND = [
    "Alstahaug kommune",
    "Brønnøy kommune",
    "Dønna kommune",
    "Grane kommune",
    "Hattfjelldal kommune",
    "Hemnes kommune",
    "Herøy kommune",
    "Leirfjord kommune",
    "Lurøy kommune",
    "Nesna kommune",
    "Rana kommune",
    "Rødøy kommune",
    "Sømna kommune",
    "Træna kommune",
    "Vefsn kommune",
    "Vega kommune",
    "Vevelstad kommune",
]

# --- The five applications of spring 2025 (seed 001) -------------------------------------------
# Every dict has the same keys. Rows: budget_lines (cost_item, period, amount_nok); benefits
# (benefit, beneficiary, responsible, measurement, how_to_measure, prerequisites, time_horizon);
# risks (factor, level, mitigation); milestones (title, due_quarter); subprojects (title,
# description). submitted_at is Europe/Oslo local time.

KARTLEGGINGSTEAM = {
    "title": "Interkommunalt innsats- og vurderingsteam for Helgeland",
    "lead": "Rana kommune",
    "owners": ["Rana kommune", "Alstahaug kommune", "Vefsn kommune"],
    "owners_note": "",
    "participating": ["Rana kommune", "Alstahaug kommune", "Vefsn kommune"],
    "supporting": [],
    "hospital_trust": HSYK,
    # «Elektronisk bekreftet samarbeid pr mail med HSYK 27.02.2025»
    "agreement_signed_on": dt.date(2025, 2, 27),
    "is_continuation": False,
    "fsu": None,
    "contacts": [
        # The seed names three municipal contacts without titles; one per owner municipality.
        _kommune("rana_kontakt", "Kontaktperson, Rana kommune"),
        _kommune("alstahaug_kontakt", "Kontaktperson, Alstahaug kommune"),
        _kommune("vefsn_kommunalsjef", "Kommunalsjef helse og omsorg, Vefsn kommune"),
        _hf("hsyk_klinikksjef_med", "Klinikksjef medisinsk klinikk"),
        _hf("hsyk_stedfortreder_kir", "Stedfortreder klinikksjef kirurgisk klinikk"),
    ],
    "summary": (
        "Prosjektet har som mål å etablere tre interkommunale stillinger i tilknytning til "
        "sykehuslokasjonene i Vefsn, Mo i Rana og Alstahaug, med vertskommunene for sykehus som "
        "vertskommuner for disse stillingene. Prosjektet vil også tilpasses til en eventuell ny "
        "struktur i Helgelandssykehuset.\n\n"
        "Det er ønskelig å etablere tre kommunale stillinger som jobber inn i sykehuset, i tett "
        "samarbeid med innsats- og vurderingsteamene ute i kommunene. Dette er basert på modellen "
        "som Rana kommune har prøvd ut. Målet er kartlegging av alle pasienter som vil ha behov "
        "for "
        "et kommunalt tjenestetilbud ved utskrivning, og dermed også sikre mer likeverdige "
        "tjenester for befolkningen på Helgeland med at tilbudet vil gjelde uavhengig av hvilken "
        "kommune pasienten tilhører.\n\n"
        "Målet er å tidligere kartlegge pasientene for å sikre en best mulig overgang til hjemmet, "
        "redusere antall pasienter som er utskrivningsklare men blir liggende for lenge på "
        "sykehuset, og øke antall pasienter som kan skrives ut til eget hjem i stedet for "
        "sykehjemsplass. Prosjektet vil også understøttes av digitale helsetjenester og prosjektet "
        "Digital Hjemmeoppfølging for å sikre en helhetlig og effektiv oppfølging av pasientene. "
        "Prosjektet bør ses i sammenheng med en mulig etablering av et PSHT (pasientsentrert "
        "helseteam) i Rana, som har en «omvendt» funksjon til det som skisseres her, der "
        "fagpersoner fra sykehuset arbeider ut mot kommunen i team sammen med kommunalt "
        "personell.\n\n"
        "Dette prosjektet bygger også videre på det pågående interkommunale prosjektet "
        "«innsatsteam/vurderingsteam/mestringsteam» i Grane, Vefsn og Hemnes, som startet i 2023. "
        "Dette prosjektet har fokus på å legge til rette for at folk kan bo hjemme lengst mulig og "
        "har allerede resultert i etablering av innsats- og vurderingsteam i de tre kommunene. "
        "Prosjektet har også utviklet felles kartleggingsverktøy og prosesskart, samt gjennomført "
        "studieturer og workshops for å dele erfaringer og lære av andre kommuner.\n\n"
        "Vi kan for øvrig også vise til prosjekt Gode pasientforløp som både kommuner og sykehuset "
        "deltok i, som hadde som mål å forbedre pasientoverganger, redusere belastningen på "
        "sykehjemsplasser, og fremme samarbeid mellom tjenestene. Prosjektet her bygger videre på "
        "de erfaringer som ble gjort i Gode pasientforløp på Helgeland."
    ),
    "expected_benefits": (
        "• Helsegevinst: Bedre overgang fra sykehus til hjemmet, redusert risiko for "
        "reinnleggelser.\n"
        "• Kvalitet i behandling: Mer helhetlig og koordinert behandling, bedre pasientforløp.\n"
        "• Mer effektiv bruk av personell: Bedre utnyttelse av helsepersonellressurser.\n"
        "• Redusert reisevirksomhet: Mindre behov for transport mellom sykehus og sykehjem. "
        "Mindre risiko for reinnleggelser.\n"
        "• Tidsbesparelser: Raskere utskrivning av pasienter, raskere avklaring av pasientenes "
        "funksjonsnivå før utskrivning.\n"
        "• Økonomi: Reduserte kostnader knyttet til langvarige sykehusopphold, og unødvendige "
        "institusjonsopphold i kommunene.\n"
        "• Rekruttering: Økt attraktivitet for helsepersonell gjennom innovative arbeidsmodeller."
    ),
    "purpose_fit": (
        "Tiltaket støtter opp om formålet ved å fremme samarbeid mellom kommuner og helseforetak, "
        "forbedre pasientoverganger, og redusere belastningen på sykehjemsplasser. Det legger også "
        "til rette for erfaringsdeling og spredning av gode praksiser. Ved å integrere digitale "
        "helsetjenester og Digital Hjemmeoppfølging, vil prosjektet bidra til å oppfylle målene "
        "for digitalisering i helse- og omsorgssektoren."
    ),
    # The form did not ask for these. «Skrøpelige eldre»: the project's own follow-up (seed 004)
    # names «flere eldre med sammensatte behov» as the target; «Gode og sammenhengende
    # pasientforløp»: the application is about pasientoverganger and Gode pasientforløp.
    "priority_groups": ["Skrøpelige eldre"],
    "focus_areas": ["Gode og sammenhengende pasientforløp"],
    "amount_applied_nok": 4_657_500,
    "amount_applied_purpose": (
        "Totalkostnad: kr 9 315 000. Det søkes om kr 4 657 500 som skal brukes til lønn til tre "
        "stillinger (sykepleiere eller fysioterapeuter), administrasjonskostnader og "
        "prosjektledelse."
    ),
    # Not stated as a number in the seed: total 9 315 000 minus the 4 657 500 applied for, which
    # the seed calls «Egenfinansiering» by the municipalities.
    "municipal_contribution_nok": 4_657_500,
    "municipal_contribution_text": (
        "Egenfinansiering av lønnskostnader, prosjektledelse, og lokale ressurser."
    ),
    "hospital_contribution_nok": None,
    "hospital_contribution_text": (
        "Tilgang til sykehuslokasjoner, samarbeid med sykehuspersonell, og deltakelse i prosjektgruppen."
    ),
    "financing_plan": "Se vedlegg (budsjett).",
    "patient_responsibility": (
        "Ansvar for pasientene vil ligge hos det interkommunale innsats- og vurderingsteamet i "
        "samarbeid med sykehuset og kommunale helse- og omsorgstjenester. Når pasienten er "
        "inneliggende på sykehuset har sykehuset pasientansvaret."
    ),
    "digital_solutions": (
        "Tiltaket er i tråd med Nasjonal e-helsestrategi og bidrar til å oppfylle målbilde for "
        "digitalisering i helse- og omsorgssektoren. Det oppfyller også «Norm for "
        "informasjonssikkerhet i helsesektoren» og er forankret i kommunal samstyringsstruktur for "
        "digitalisering. Integrasjonen med Digital Hjemmeoppfølging vil sikre en sømløs og "
        "effektiv oppfølging av pasientene, og bidra til å redusere unødvendige "
        "sykehusinnleggelser."
    ),
    "project_plan": (
        "• Oppstart: april 2025\n"
        "• Etablering av interkommunale stillinger: mai 2025\n"
        "• Kartlegging og vurdering av pasienter: juni 2025\n"
        "• Evaluering av prosjektets effekt: desember 2027\n"
        "• Sluttrapport: mars 2028\n\n"
        "En detaljert prosjektplan med underveisevalueringer vil bli utarbeidet dersom prosjektet "
        "innvilges finansiering. Et relevant måltall for prosjektets effekt er antall overliggere "
        "i sykehuset, og antall pasienter som skrives ut til hjem."
    ),
    "user_involvement": (
        "Brukere, tillitsvalgte og vernetjenesten vil bli involvert i både primær- og "
        "spesialisthelsetjenesten gjennom regelmessige møter og workshops."
    ),
    # The seed gives only the total project cost (9 315 000) and what it covers; the budget itself
    # was an attachment. One line for the whole project period, so the total is right.
    "budget_lines": [
        (
            "Lønn til tre stillinger (sykepleiere eller fysioterapeuter), "
            "administrasjonskostnader og prosjektledelse",
            "Prosjektperioden april 2025 – mars 2028",
            9_315_000,
        ),
    ],
    "budget_note": (
        "Søknaden oppgir totalkostnaden (kr 9 315 000) uten fordeling på år eller poster; "
        "budsjettet er derfor vist som én linje for hele prosjektperioden."
    ),
    # The application lists its benefits as bullets (no nytteskjema table): the category, and what
    # the benefit is, which is what the table's «eventuell måling av nytte» column holds elsewhere.
    "benefits": [
        _benefit(
            "Helsegevinst",
            "Bedre overgang fra sykehus til hjemmet, redusert risiko for reinnleggelser.",
        ),
        _benefit("Kvalitet i behandling", "Mer helhetlig og koordinert behandling, bedre pasientforløp."),
        _benefit("Mer effektiv bruk av personell", "Bedre utnyttelse av helsepersonellressurser."),
        _benefit(
            "Redusert reisevirksomhet",
            "Mindre behov for transport mellom sykehus og sykehjem. Mindre risiko for reinnleggelser.",
        ),
        _benefit(
            "Tidsbesparelser",
            "Raskere utskrivning av pasienter, raskere avklaring av pasientenes funksjonsnivå "
            "før utskrivning.",
        ),
        _benefit(
            "Økonomi",
            "Reduserte kostnader knyttet til langvarige sykehusopphold, og unødvendige "
            "institusjonsopphold i kommunene.",
        ),
        _benefit(
            "Rekruttering",
            "Økt attraktivitet for helsepersonell gjennom innovative arbeidsmodeller.",
        ),
    ],
    # The application has no risk table. These are the project's own «kritiske risikofaktorer»
    # from its follow-up presentation (seed 004), with the working groups set up to meet them;
    # the levels are the demo's assessment.
    "risks": [
        (
            "Samhandling kommune – sykehus, rolle- og ansvarsavklaringer",
            "middels",
            "Arbeidsgruppe for samhandlingsrutiner og arbeidsflyt: rutiner fra innleggelse til "
            "utskrivelse med tydelig ansvarsavklaring og strukturert informasjonsflyt.",
        ),
        (
            "Kapasitet i vertskommuner og rekruttering av personell",
            "høy",
            "Forankring og prioritering i kommunene og sykehuset gjennom styringsgruppen; plan for "
            "forankring, opplæring og implementering.",
        ),
        (
            "Digitale løsninger og informasjonsflyt",
            "middels",
            "Arbeidsgruppe for digitale løsninger avklarer pasientsikre løsninger innenfor "
            "eksisterende journalsystemer og samhandlingsverktøy, med jurist fra HSYK/kommune.",
        ),
        (
            "Videre drift og finansiering",
            "middels",
            "Måleindikatorer (overliggerdøgn, reinnleggelser, direkte hjemreiser) gir grunnlag for "
            "beslutning om ordinær drift.",
        ),
    ],
    # Months in the seed; the portal records quarters, so the month stays in the title.
    "milestones": [
        ("Oppstart (april 2025)", "Q2 2025"),
        ("Etablering av interkommunale stillinger (mai 2025)", "Q2 2025"),
        ("Kartlegging og vurdering av pasienter (juni 2025)", "Q2 2025"),
        ("Evaluering av prosjektets effekt (desember 2027)", "Q4 2027"),
        ("Sluttrapport (mars 2028)", "Q1 2028"),
    ],
    "subprojects": [],
    "submitted_at": dt.datetime(2025, 2, 27, 15, 40),
}

FREMTIDENS_PASIENTFORLOP = {
    "title": "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland",
    "lead": "Vefsn kommune",
    "owners": ["Vefsn kommune", HSYK],
    "owners_note": "",
    "participating": ["Vefsn kommune"],
    "supporting": ["Grane kommune", "Hattfjelldal kommune"],
    "hospital_trust": HSYK,
    "agreement_signed_on": dt.date(2025, 2, 28),
    "is_continuation": False,
    "fsu": None,
    "contacts": [
        _kommune("vefsn_kommunalsjef", "Kommunalsjef helse, omsorg og velferd, Vefsn kommune"),
        _kommune("vefsn_kommuneoverlege", "Kommuneoverlege, Vefsn kommune"),
        _kommune("vefsn_enhetsleder", "Enhetsleder sykehjemstjenesten, Vefsn kommune"),
        _hf("hsyk_avdleder_kir", "Avdelingsleder, Kirurgisk klinikk"),
        _hf("hsyk_avdleder_med", "Avdelingsleder, Medisinsk klinikk"),
    ],
    "summary": (
        "Befolkningen forventer, med rette, god tilgang til likeverdige tjenester uansett kjønn, "
        "bakgrunn, hvor du bor og hva du tjener. Skal vi innfri det, må tjenestene utvikles og "
        "omstilles for å møte utfordringene som den demografiske utviklingen gir, med en større "
        "andel eldre i befolkningen og sterkere konkurranse om å få tak i den kompetansen vi "
        "trenger. Helsetjenestens utfordringer generelt og i distriktene spesielt krever "
        "innovativ tenkning og gode samhandlingsmodeller, for gode pasientforløp, god kvalitet på "
        "tjenestene og styrket rekruttering av helsepersonell.\n\n"
        "Vårt mål er å sammen etablere en ny grunnpilar i fremtidens helsetjeneste – en enhet for "
        "digital samhandling rundt akuttmedisinske tilstander, forsterket omsorg for kronisk syke, "
        "skrøpelige eldre, og pasienter i lange behandlingsforløp. En enhet som effektivt "
        "forbinder kommuner og sykehus. Vi starter med pasientforløpene i akutte tidskritiske "
        "hendelser, pasienter med flere kroniske lidelser, og skrøpelige eldre, med mål om at "
        "tjenesten kan videreføres også til andre grupper med sammensatte behov.\n\n"
        "Innhold i tjenesten:\n"
        "1. Oppfølgingstjeneste for digital hjemmeoppfølging (DHO), både sykehusinitierte og "
        "kommuneinitierte DHO-tjenester.\n"
        "2. Digital korttidsavdeling som støtter pasientoverganger mellom sykehus og kommuner, i "
        "tråd med tjenesteavtale 5.\n"
        "3. Utrede funksjon som oppfølgingstjeneste ift. velferdsteknologi interkommunalt til alle "
        "Helgelandskommunene.\n"
        "4. Ambulerende virksomhet fra spesialisthelsetjenesten og ut i kommunene for å sikre "
        "etterlevelse av BEON-prinsippet for å forebygge innleggelser og sikre "
        "kompetanseutveksling (herunder understøtte implementering av tjenesteavtale 6).\n"
        "5. Digitale samarbeidsfora rundt kronikergruppene med funksjon for hele Helgeland.\n"
        "6. Understøtte utvikling og oppfølging av egenbehandlingsplaner i alle relevante "
        "pasientforløp, etablere rutiner for samarbeid mellom kommuner, sykehus og fastleger.\n"
        "7. Forsterket legevaktsfunksjon for Vefsnregionen med søkelys på trygg akuttmedisin og "
        "robuste tjenester til skrøpelige eldre.\n"
        "8. Utrede nytten av samlokalisering av ressurser, fysiske arealer og oppbygging av en "
        "fullverdig tjeneste for samhandling i et felles lokale på tvers av tjenestenivå.\n\n"
        "Tjenestene skal ha et fokus på likeverdige helsetjenester til den sørsamiske "
        "befolkningen og behovet for individuelt tilpassede helsetjenester som ivaretar språklig "
        "og kulturell tilrettelegging. Tilgjengelighet, tiltro og trygghet er nøkkelord.\n\n"
        "Søknaden er delt inn i tre delprosjekter. Delprosjekt 1 har et regionalt tilsnitt og "
        "piloteres for hele Helgeland. Delprosjekt 2 piloteres i Vefsnregionen. Delprosjekt 3 er "
        "en videreføring av delprosjekt 1 og 2. Delprosjekt 1 og 2 kan potensielt gjennomføres "
        "parallelt, avhengig av ressurstilgjengelighet.\n\n"
        "Virksomheter og personellgrupper: Sykepleiere bemanner enhet for samhandling og digital "
        "oppfølging og støttes av gode systemer for digital oppfølging av pasienter. Tjenesten vil "
        "drive ambulerende virksomhet ut i kommunene for å trygge pasienter og hjelpeapparat med "
        "tanke på behandling og kompetansehevende tiltak, med mål om å unngå innleggelser og bruk "
        "av døgntilbud både i sykehus og kommuner. Flere helseforetak, særlig i Sør-Øst og Vest, "
        "har utviklet virtuelle sykehusforløp og tilbud om digitale helsetjenester (Ahus, Vestre "
        "Viken, Sykehuset i Vestfold)."
    ),
    "expected_benefits": (
        "Tiltaket skal bidra til likeverdige helsetjenester av god kvalitet til pasientene på "
        "Helgeland, hindre innleggelser og reinnleggelser i sykehus, bidra til å få ned "
        "ventetidene i spesialisthelsetjenesten og reduksjon av forbruket av døgntilbud både i "
        "sykehus og kommuner. Det er et tiltak som tilrettelegger for lokale løsninger i "
        "opptaksområdet til Helgelandssykehuset, som et av de minste lokalsykehusene i landet.\n\n"
        "Med tiltaket er vårt mål at pasientene skal få behandling og oppfølging på omsorgsnivået "
        "som er mest hensiktsmessig for deres behov og tilstand. For skrøpelige eldre kan dette "
        "innebære å gi behandling i hjemmet eller i primærhelsetjenesten når dette er forsvarlig. "
        "Ved å tilpasse og tilrettelegge for digital oppfølging for behandling og veiledning kan "
        "en unngå forverring i tilstand, og hindre innleggelse eller reinnleggelse.\n\n"
        "Pasientreiser og prehospital transport innebærer kostnader, både økonomisk og i form av "
        "pasientbelastning. Lange reiseavstander er en utfordring på Helgeland. Det er derfor "
        "avgjørende at pasienter på Helgeland tilbys bedre digitale helsetjenester, og at "
        "kommuner og sykehus samarbeider effektivt om utviklingen av gode pasientforløp."
    ),
    "purpose_fit": (
        "Helse Nord utredet i forbindelse med prosessen Tiltak for bærekraft hva som bør ha fokus "
        "innen samhandling fremover. I «Tid for samordning» – rapport fra arbeidsgruppe 5 – "
        "fremgår det at arbeidsgruppen har hatt et særlig fokus på gruppen skrøpelige eldre, og "
        "holdt fram tre områder tjenestene bør satse på i fellesskap: (1) teknologi og digital "
        "samhandling, (2) utdanne, rekruttere og beholde personell samt (3) økt helsekompetanse i "
        "befolkningen. Prosjektet tar innover seg utfordringsbildet og anbefalingene.\n\n"
        "Helgelandssykehuset og kommunene på Helgeland står overfor store utfordringer knyttet til "
        "pasientforløp, ressursbruk og tilgjengelige helsetjenester som følge av demografisk "
        "utvikling, rekrutteringsutfordringer og strukturendring i sykehustilbudet. Prosjektet har "
        "som målsetting å finne bærekraftige løsninger som sørger for gode pasientforløp, effektiv "
        "ressursbruk og tjenesteutvikling gjennom samhandling mellom primær- og "
        "spesialisthelsetjenesten.\n\n"
        "Utrulling/oppskalering av den digitale oppfølgingstjenesten vil foregå fortløpende. "
        "Enheten tar sikte på å bli et regionalt tilbud for Helgeland, men har også ambisjoner om "
        "å bygge en modell som har overføringsverdi til andre distrikter i Norge."
    ),
    # Both named in the application: «skrøpelige eldre» and «pasienter med flere kroniske
    # lidelser»; digital oppfølging and pasientforløp are its two themes.
    "priority_groups": ["Personer med flere kroniske lidelser", "Skrøpelige eldre"],
    "focus_areas": [
        "Gode og sammenhengende pasientforløp",
        "Innovasjon og bruk av moderne teknologi",
    ],
    # The seed gives no amounts at all (the budget was an attachment that is not in the source
    # document). Round placeholders over the cost items the application names; the PDF says so.
    "amount_applied_nok": 5_000_000,
    "amount_applied_purpose": (
        "Det søkes om midler til å bygge opp og bemanne en digital oppfølgingstjeneste for "
        "Helgeland. Tjenesten skal bemannes av sykepleiere og det er avsatt ressurser til "
        "legestøtte i prosjektet. Det søkes om midler til oppgradering av lokaler tiltenkt "
        "pilotering av tjenesten, utstyr, samt utgifter til bil og utstyr til ambulerende "
        "virksomhet."
    ),
    "municipal_contribution_nok": None,
    "municipal_contribution_text": (
        "Kommunehelsetjenesten vil bidra med ressurser inn i tjenesten der det er behov. En "
        "fullverdig oversikt over hvilke personellressurser man trenger og på hvilken måte, vil "
        "komme frem etter innsiktsfasen i prosjektet."
    ),
    "hospital_contribution_nok": None,
    "hospital_contribution_text": (
        "Spesialisthelsetjenesten vil bidra med ressurser inn i tjenesten der det er behov. "
        "Partene samhandler om å finne gode løsninger i forhold til fysisk plassering i "
        "pilotperioden."
    ),
    "financing_plan": "Det legges ved budsjett.",
    "patient_responsibility": (
        "Behandleransvaret vil variere. Man ønsker å prøve ut en modell der "
        "spesialisthelsetjenesten har ansvar i deler av et forløp og kommunehelsetjenesten kan "
        "overta ansvaret etter hvert eller i perioder. Enhet for samhandling og digitale tjenester "
        "Helgeland vil være bindeleddet mellom pasienten og helsetjenestene.\n\n"
        "Det er essensielt for en digitalisering av helsetjenestene at man greier å utvikle "
        "plattformer der man kan dele informasjon om pasientene på en sikker måte, og "
        "tilgjengeliggjøre denne informasjonen for pasientene."
    ),
    "digital_solutions": (
        "Enhet for samhandling og digital oppfølging Helgeland tar sikte på å bli et regionalt "
        "tilbud for Helgeland med det første, men har også ambisjoner om å bygge en modell som "
        "har overføringsverdi til andre distrikter i Norge. Avdelingen kan på sikt påta seg "
        "regionale funksjoner dersom dette er en utvikling som ønskes i Helse Nord.\n\n"
        "Digital samhandling mellom tjenestenivåene innen helse er en nasjonal utfordring. Med "
        "utgangspunkt i den gode jobben som er gjort i Digitale Helgeland med samarbeid mellom "
        "alle kommuner, har vi et unikt utgangspunkt for videre satsing på digitale helsetjenester "
        "på Helgeland.\n\n"
        "I forbindelse med den sykehusinitierte DHO-satsingen mot KOLS-pasienter og prosjektet "
        "Digital hjemmeoppfølging Helgeland har man etablert kontakt med forskningsmiljøet ved "
        "Aalborg universitet, UiT og VID. Partene vil søke NFR-midler igjen i 2025, i et "
        "samarbeid mellom VID, kommunene på Helgeland, Helgelandssykehuset, Nord universitet, "
        "Nasjonalt senter for distriktsmedisin (NSDM), RKK på Helgeland, Sijti Jarnge – samisk "
        "språk- og kultursenter, og sørsamisk helsenettverk."
    ),
    "project_plan": (
        "Prosjektet baserer seg på tre delprosjekter:\n"
        "• Delprosjekt 1: Innovere, utvikle og sette i drift en avdeling for digital "
        "pasientoppfølging og samhandlingstjeneste.\n"
        "• Delprosjekt 2: Kartlegging og videreutvikling av pasientforløp.\n"
        "• Delprosjekt 3: Utrede mulighet for samlokalisering av funksjoner.\n\n"
        "Plan for arbeidet i delprosjekt 2: Forankring (etablere prosjektgruppe og styringsgruppe "
        "med representanter fra primær- og spesialisthelsetjenesten, pårørende og "
        "brukerrepresentanter); definere mål; kartlegge eksisterende pasientforløp; innsikt "
        "(brukerreiser, intervjuer og observasjoner på legevakt, i ambulanse og på akuttmottak); "
        "workshops; dataanalyse og statistikk; tjenesteutvikling og tjenestereiser; testing og "
        "evaluering; implementering og skalering.\n\n"
        "Eksempler på spørsmål prosjektet skal besvare: Påvirkes kvaliteten i "
        "pasientbehandlingen ved å forsterke kompetansen på legevakt? Reduseres det totale "
        "forbruket av helsetjenestene som følge av utvikling og implementering av digitale "
        "verktøy og ambulerende virksomhet?\n\n"
        "På grunn av foreslåtte endringer i sykehusstrukturen på Helgeland kan det være aktuelt å "
        "starte først med delprosjekt 2. Dette vil avklares i samarbeid mellom "
        "Helgelandssykehuset og Vefsn kommune."
    ),
    "user_involvement": (
        "Som et ledd i tjenesteutviklingen vil man i første fase sette en organisasjon der man "
        "inviterer brukere, tillitsvalgte og vernetjenesten inn i workshop for å sikre forankring "
        "både hos pasienter og ansatte. Dette gjøres i samhandling mellom "
        "spesialisthelsetjenesten, primærhelsetjenesten og brukerrepresentanter. Tillitsvalgte og "
        "vernetjeneste vil gjennomføres som en naturlig del av oppbyggingen av et nytt "
        "tjenestetilbud."
    ),
    # Round placeholders, see amount_applied_nok above. They sum to 5 000 000.
    "budget_lines": [
        (
            "Sykepleiere som bemanner enheten for samhandling og digital oppfølging",
            "Pilotperioden",
            3_000_000,
        ),
        ("Legestøtte", "Pilotperioden", 500_000),
        (
            "Oppgradering av lokaler og utstyr til pilotering av tjenesten",
            "Pilotperioden",
            1_000_000,
        ),
        ("Bil og utstyr til ambulerende virksomhet", "Pilotperioden", 500_000),
    ],
    "budget_note": (
        "Beløpene er runde plassholdere i demodataene: budsjettvedlegget til den virkelige "
        "søknaden er ikke med i kildedokumentet. Kostnadspostene er de søknaden nevner."
    ),
    # The nytteskjema as the application gives it (table «Forventet nytte»).
    "benefits": [
        _nytte(
            "Helsegevinst",
            "Pasienter med akutte sykdommer, kroniske lidelser og skrøpelige eldre",
            "Kommuner og Helgelandssykehuset",
            "Redusert reinnleggelse, bedre behandlingseffekt",
            "Evaluering av pasientforløp, brukerundersøkelser",
            "Tilgang til digitale samhandlingstjenester og interkommunalt samarbeid",
            "1-3 år",
        ),
        _nytte(
            "Kvalitet i behandling",
            "Pasienter og helsepersonell",
            "Kommuner og helseforetak",
            "Pasient- og helsepersonelltilfredshet",
            "Spørreundersøkelser, journalgjennomgang",
            "Kompetanseheving og opplæring i nye prosedyrer",
            "1-3 år",
        ),
        _nytte(
            "Mer effektiv bruk av personell",
            "Kommunale og spesialisthelsetjenester",
            "Prosjektledelse",
            "Redusert bruk av vikarer og overtid",
            "Arbeidstidsregistrering, ressursforbruk",
            "Samlokalisering og fleksible arbeidsmodeller",
            "2-5 år",
        ),
        _nytte(
            "Redusert reisevirksomhet",
            "Pasienter og helsepersonell",
            "Kommuner og helseforetak",
            "Mindre behov for fysiske konsultasjoner",
            "Registrering av reiseavstand og -tid",
            "Implementering av digitale helsetjenester",
            "2-4 år",
        ),
        _nytte(
            "Tidsbesparelser",
            "Helsepersonell og pasienter",
            "Kommuner og helseforetak",
            "Kortere ventetid, raskere behandling",
            "Journaldata, tidsregistrering",
            "Optimalisering av arbeidsprosesser og digitale løsninger",
            "1-3 år",
        ),
        _nytte(
            "Økonomi",
            "Kommuneøkonomi og spesialisthelsetjenesten",
            "Prosjektledelse",
            "Reduserte driftskostnader",
            "Budsjettgjennomgang, kostnadsanalyse",
            "Effektiv ressursbruk og samhandling",
            "3-5 år",
        ),
        _nytte(
            "Rekruttering",
            "Helsepersonell",
            "Kommuner og helseforetak",
            "Flere søkere til helsefaglige stillinger",
            "Oppfølging av stillingsutlysninger",
            "Bedre arbeidsforhold og faglige utviklingsmuligheter",
            "3-5 år",
        ),
    ],
    # The application's own risk table.
    "risks": [
        (
            "Forankring",
            "middels",
            "Tidlig involvering av parter og oppbygging av en prosjektorganisering som bidrar "
            "til god "
            "forankring hos partnerne. God spredning av prosjektets mål i nettverk og sosiale "
            "medier.",
        ),
        (
            "Investering i utstyr og teknologi",
            "middels",
            "God forankring hos ledelsene som inviteres inn i behovsprosesser, budsjetteringer og "
            "tjenesteutvikling.",
        ),
        (
            "Kompetanse",
            "middels",
            "Knytter til oss nasjonale og skandinaviske kompetansemiljøer og har tiltak innen "
            "videreutdanning og kompetanseutvikling i organisasjonene. Kvaliteten på "
            "helsetjenesten "
            "er avhengig av at helsepersonell som skal bruke teknologien har tilstrekkelig "
            "opplæring "
            "og støtte; det må utarbeides gode rutiner for opplæring og manualer for bruk.",
        ),
        (
            "Tilpasning i organisasjonene",
            "høy",
            "Frikjøp av ressurser som deltar aktivt i alle faser.",
        ),
        (
            "Helhet på tvers av tjenestenivå/aktører",
            "høy",
            "Frikjøp av ressurser som deltar aktivt i alle faser.",
        ),
        (
            "Digitalisering gir økt risiko for datainnbrudd og cyberangrep generelt",
            "middels",
            "Pasientdata må sikres, og oppgradering av kompetanse og ressurser i forhold til IKT "
            "og "
            "e-helse må regnes med. Man må være oppmerksom på at helsetjenesten kan bli avhengig "
            "av "
            "teknologi, og eventuelle tekniske problemer kan føre til forsinkelser eller feil i "
            "behandling.",
        ),
        (
            "Ulik tilgang til helsetjenester på grunn av digitalt utenforskap",
            "middels",
            "Digitalt utenforskap må tas på alvor. Det må tilbys tjenester som treffer også "
            "pasienter "
            "med lav eller ingen digital kompetanse.",
        ),
    ],
    # The application gives no dates. Forankring is the first step of its plan; the quarters
    # assume a start after the award in June 2025, like the other applications.
    "milestones": [
        ("Forankring: prosjektgruppe og styringsgruppe etablert", "Q3 2025"),
        ("Kartlegging av og innsikt i eksisterende pasientforløp (delprosjekt 2)", "Q1 2026"),
    ],
    "subprojects": [
        (
            "Delprosjekt 1: Innovere, utvikle og sette i drift en enhet for samhandling og digital "
            "oppfølging",
            "Regionalt tilsnitt, piloteres for hele Helgeland. Bygger videre på Digital hjemme "
            "oppfølging Helgeland og DHO KOLS-prosjektet (startet 2023, innovasjonsmidler fra "
            "Helse Nord) ved Helgelandssykehuset Mosjøen, der det allerede er store volum og gode "
            "erfaringer med digital oppfølging av OSAS/CPAP- og KOLS-pasienter. Enheten kan i en "
            "pilotperiode etableres i Mosjøen i samarbeid med kommunehelsetjenesten.",
        ),
        (
            "Delprosjekt 2: Kartlegging og videreutvikling av pasientforløp – akutte tidskritiske "
            "hendelser og skrøpelige eldre",
            "Piloteres i Vefsnregionen, med søkelys på brystsmerter, slag og sepsis, samt "
            "pasientforløp for skrøpelige eldre. Forsterking av legevakt med prehospitale "
            "ressurser (sykepleiere og paramedisinere) og digital støtte til legevakt og "
            "kommunal helsetjeneste, i tråd med TØRN-programmet.",
        ),
        (
            "Delprosjekt 3: Utrede mulighet for samlokalisering av funksjoner",
            "Utrede samlokalisering av ambulanse, legevakt, legevaktssentral og enhet for "
            "samhandling og digital oppfølging Helgeland: kartlegging og behovsanalyse, "
            "mulighetsstudie, organisatorisk og økonomisk analyse, workshops og "
            "samhandlingsmøter.",
        ),
    ],
    "submitted_at": dt.datetime(2025, 2, 28, 13, 10),
}

OBSERVASJONSPOST = {
    "title": "Forprosjekt: Observasjonspost Sør-Helgeland",
    "lead": "Brønnøy kommune",
    "owners": [HSYK, "Brønnøy kommune"],
    "owners_note": "",
    "participating": ["Brønnøy kommune"],
    "supporting": [],
    "hospital_trust": HSYK,
    # «Vedlagt søknad.» – the date itself is not in the seed.
    "agreement_signed_on": None,
    "is_continuation": False,
    "fsu": None,
    "contacts": [
        _kommune("bronnoy_helsesjef", "Helse- og velferdssjef, Brønnøy kommune"),
        _hf("hsyk_dms_leder", "DMS-leder"),
    ],
    "summary": (
        "Mål: Forprosjektet skal utrede om det er grunnlag for å utvikle, etablere og pilotere en "
        "ny modell for prehospital samhandling mellom kommune- og spesialisthelsetjenesten "
        "gjennom en observasjonspost ved DMS Sør-Helgeland. Målet er å skape en bærekraftig "
        "løsning som sikrer bedre pasientforløp, færre unødige transporter og mer effektiv "
        "ressursbruk og høyere kvalitet på helsetjenestene for befolkningen på Sør-Helgeland.\n\n"
        "Målgruppen er pasienter der det er usikkerhet om sykehusinnleggelse er nødvendig og som "
        "kan trenge kortvarig observasjon under kyndig overvåkning og eventuelt utvidet "
        "diagnostikk (lab og radiologi). Spesialisthelsetjenesten vil bidra med råd og som "
        "beslutningsstøtte gjennom telemedisin og digitale verktøy. Noen av disse pasientene vil "
        "etter observasjonsperioden bli innlagt i sykehus, mens andre vil bli returnert til "
        "hjemmet eller kommunal helse- og omsorgstjeneste.\n\n"
        "Bakgrunn: Befolkningen på Sør-Helgeland har lang reisevei til nærmeste akuttsykehus, med "
        "ambulansebil, ambulansebåt og omlastning til ambulansebil før mottak i sykehus. "
        "Helgelandssykehuset erfarer at sykehuset i Sandnessjøen mottar pasienter fra disse "
        "kommunene som skrives ut igjen allerede etter én natt fordi sykehusbehandling ikke var "
        "nødvendig.\n\n"
        "I DMS Sør-Helgeland er det allerede flere funksjoner som vil kunne støtte opp under en "
        "observasjonspost: luftambulanse med anestesilege i umiddelbar nærhet, felles legevakt "
        "for Brønnøy og Sømna med laboratoriefunksjon, ambulansestasjon med døgnvakt og "
        "«Slagalarm» (CT-beredskap og mulighet for å starte slagbehandling) i samarbeid med "
        "sykehuset i Sandnessjøen. Det er ledige lokaler som er bygget om for å tilpasse en "
        "sengepost, og kommunens sykehjem er fysisk knyttet til DMS-et.\n\n"
        "Helgelandssykehusets styre vedtok 24.1.2025 i vedtakspunkt 6: «Styret ber administrerende "
        "direktør ta initiativ overfor aktuelle kommuner og Helsefelleskap Helgeland med tanke på "
        "etablering av et rehabiliteringstilbud i Mosjøen og en observasjonspost ved DMS "
        "Brønnøysund samt andre aktuelle samarbeidsprosjekter som er foreslått.»\n\n"
        "Gjennomføring: Prosjektet er ønskelig gjennomført i to faser. Første fase (forprosjektet "
        "som det nå søkes om midler til) blir en nærmere utredning av konseptet og forankring i "
        "Helgelandssykehuset og kommunene før piloten eventuelt iverksettes. Forprosjektet skal "
        "gjennomføres i perioden 2025–2026, med ønskelig oppstart av piloten i 2027 ved "
        "finansiering og driftsstøtte, og integrering i ordinær drift tentativt i 2029."
    ),
    "expected_benefits": (
        "Observasjonsposten gir mulighet for avklaring av tilstanden der pasienten er, som kan "
        "redusere behovet for sykehusinnleggelser og belastende transport, og sikre en mer "
        "sammenhengende helsetjeneste. Se også nyttetabellen."
    ),
    "purpose_fit": (
        "Tilskuddsordningen er etablert for å styrke samhandlingen mellom "
        "spesialisthelsetjenesten og den kommunale helse- og omsorgstjenesten, med særlig fokus "
        "på rekruttering, oppgavedeling og tjenesteutvikling. Observasjonsposten bidrar direkte "
        "til dette formålet gjennom:\n"
        "• Bedre pasientforløp: Observasjonsposter gir mulighet for avklaring av tilstanden, som "
        "kan redusere behovet for sykehusinnleggelser og sikre en mer sammenhengende "
        "helsetjeneste.\n"
        "• Effektiv ressursbruk: Ved å tilby tjenester på riktig omsorgsnivå kan "
        "observasjonsposten bidra til å redusere belastningen på spesialisthelsetjenesten.\n"
        "• Bedre arbeidsdeling og rekruttering: Observasjonsposter kan fungere som en arena for "
        "tverrfaglig samarbeid og kompetanseutvikling.\n\n"
        "Erfaringsdeling og spredning skjer gjennom dokumentasjon og evaluering, læringsnettverk "
        "og hospitering for helsepersonell på tvers av nivåer, og digitale løsninger for "
        "spredning av erfaringer og kunnskap."
    ),
    # Not named in the application; chosen so the demo application is complete. Pasientforløp and
    # telemedisin/digital beslutningsstøtte are named throughout.
    "priority_groups": ["Skrøpelige eldre"],
    "focus_areas": [
        "Gode og sammenhengende pasientforløp",
        "Innovasjon og bruk av moderne teknologi",
    ],
    "amount_applied_nok": 3_600_000,
    "amount_applied_purpose": (
        "Fase 1/forprosjekt (utredning og planlegging), prosjektår 1 (Q3 2025 – Q3 2026): "
        "medgått arbeidstid og ressurser til planlegging (frikjøp fagpersonell), lønn for "
        "medisinskfaglig prosjektleder (100 % stilling, frikjøp), prosjektmøter, "
        "utredningsarbeid og analyser."
    ),
    "municipal_contribution_nok": None,
    "municipal_contribution_text": (
        "Personellressurser i form av deltagelse i planlegging og areal i tilknytning til "
        "opprettelse av en slik observasjonspost, i tillegg til det personell som det søkes om "
        "frikjøp til."
    ),
    "hospital_contribution_nok": None,
    "hospital_contribution_text": "Helseforetaket bidrar med prosjektkoordinator i 60 % stilling.",
    "financing_plan": "Se eget vedlagt prosjektbeskrivelse og økonomi med budsjett.",
    "patient_responsibility": (
        "En felles helsetjeneste krever klare grenser og avklaringer om hvem til enhver tid "
        "innehar det medisinskfaglige behandlingsansvaret. I fase 1/forprosjektet vil vi planlegge "
        "og utrede dette sammen fra både kommunene og Helgelandssykehuset. En viktig forutsetning "
        "for å lykkes er god forankring hos både fastleger, legevaktsleger og spesialister i "
        "akuttmottak, og vakthavende som skal bistå som støtte for behandlingen og observasjon "
        "som gjøres lokalt i en observasjonspost."
    ),
    "digital_solutions": (
        "Observasjonsposten har potensial til å lede frem mot felles regionale løsninger i helse- "
        "og omsorgssektoren, der spesialistvurdering og diagnostisering skal prøves ut på avstand "
        "fra sykehus. Tiltaket er i tråd med Nasjonal helse- og samhandlingsplan 2024–2027, som "
        "legger stor vekt på digitalisering for bedre samhandling i helsetjenesten.\n\n"
        "Kommunene på Helgeland samarbeider i dag om «Digitale Helgeland», et kommunalt "
        "oppgavefellesskap som vil være en viktig samarbeidspart. I tillegg har "
        "Helgelandssykehuset og Brønnøy kommune, sammen med Rødøy og Dønna kommune, erfaringer "
        "fra prosjektet «Helserom Helgeland» (lokal helsehjelp med avstandsoppfølging), som vi vil "
        "bygge videre på.\n\n"
        "Alle løsninger som eventuelt utvikles skal være innenfor normerte nasjonale standarder "
        "for informasjonssikkerhet, med robuste personvern- og sikkerhetsprotokoller og sikker "
        "informasjonsdeling mellom aktørene i primær- og spesialisthelsetjenesten."
    ),
    "project_plan": (
        "Fase 1: Prosjektering og utredning (Q3 2025 – Q4 2026). Mål: utarbeide en helhetlig "
        "modell for en observasjonspost; sikre tverrfaglig samhandling mellom spesialist- og "
        "primærhelsetjenesten; identifisere behov for infrastruktur, kompetanse, teknologi, "
        "telemedisin og ressursbruk; sikre bred forankring hos alle relevante aktører.\n\n"
        "Organisering: medisinskfaglig arbeidsgruppe, tverrfaglig arbeidsgruppe, overordnet "
        "prosjektgruppe (DMS-leder, helsesjefer fra Brønnøy, Sømna, Vega og Vevelstad) og "
        "styringsgruppe (administrerende direktør Helgelandssykehuset, medisinsk direktør, "
        "kommunedirektører).\n\n"
        "Evalueringspunkter for fase 1: Er alle relevante aktører involvert og engasjert? Er det "
        "etablert en klar og gjennomførbar modell? Er behov og utfordringer identifisert og "
        "adressert? Har arbeidsgruppene levert innen fastsatte frister? Er beslutningsgrunnlaget "
        "tilstrekkelig for å gå videre til fase 2?\n\n"
        "Fase 2: Pilotering og prøvedrift (Q1 2027 – Q4 2029), som det vil bli søkt om midler til "
        "senere. Dette forprosjektet søker støtte til fase 1."
    ),
    "user_involvement": (
        "Fase 1: Egen brukerrepresentant i prosjektgruppe. Jevnlige møter og fast punkt i "
        "Helgelandssykehusets brukerutvalg. Brukerrepresentanten representerer både kommunalt "
        "eldreråd og brukerutvalget i Helgelandssykehuset. Både tillitsvalgte og vernetjeneste "
        "for både kommune og sykehus vil delta i prosjektgruppen.\n"
        "Fase 2: Jevnlige møter med brukerutvalget for statusrapportering. Egne "
        "plasstillitsvalgt og plassverneombud for observasjonsposten."
    ),
    # Exactly the seed's budget table for fase 1; it sums to 3 600 000.
    "budget_lines": [
        (
            "Medgått arbeidstid og ressurser til planlegging (frikjøp fagpersonell)",
            "Fase 1 (Q3 2025 – Q3 2026)",
            1_500_000,
        ),
        (
            "Lønn for medisinskfaglig prosjektleder (100 % stilling) frikjøp",
            "Fase 1 (Q3 2025 – Q3 2026)",
            1_300_000,
        ),
        ("Prosjektmøter, utredningsarbeid og analyser", "Fase 1 (Q3 2025 – Q3 2026)", 800_000),
    ],
    "budget_note": "",
    # «Se vedlagt skjema» – the nytteskjema is not in the seed. Rows from the benefits the
    # application itself names under purpose and goals.
    "benefits": [
        _benefit(
            "Helsegevinst",
            "Avklaring av tilstanden lokalt kan redusere behovet for sykehusinnleggelser.",
            "Befolkningen på Sør-Helgeland",
        ),
        _benefit(
            "Redusert reisevirksomhet",
            "Færre unødige transporter med ambulansebil og -båt til sykehuset i Sandnessjøen.",
            "Pasienter på Sør-Helgeland",
        ),
        _benefit(
            "Mer effektiv bruk av personell",
            "Tjenester på riktig omsorgsnivå reduserer belastningen på spesialisthelsetjenesten.",
            "Kommune- og spesialisthelsetjenesten",
        ),
        _benefit(
            "Rekruttering",
            "Arena for tverrfaglig samarbeid og kompetanseutvikling, avgjørende for å beholde og "
            "rekruttere personell.",
            "Helsepersonell i kommune og sykehus",
        ),
    ],
    # No risk table in the application; these are the prerequisites it names, as risks.
    "risks": [
        (
            "Uklart medisinskfaglig behandlingsansvar i en felles helsetjeneste",
            "middels",
            "Planlegges og utredes sammen av kommunene og Helgelandssykehuset i fase 1.",
        ),
        (
            "Manglende forankring hos fastleger, legevaktsleger og spesialister i akuttmottak",
            "middels",
            "Tverrfaglige arbeidsgrupper, overordnet prosjektgruppe og styringsgruppe med ledelse "
            "fra sykehus og kommuner.",
        ),
    ],
    # The seed's table «Aktiviteter og tidsplan»; ranges are recorded at their last quarter.
    "milestones": [
        ("Oppstartsmøte med alle involverte", "Q3 2025"),
        ("Etablere arbeidsgrupper", "Q4 2025"),
        ("Behovskartlegging (Q1–Q2 2026)", "Q2 2026"),
        ("Utarbeidelse av driftsmodell (Q2–Q3 2026)", "Q3 2026"),
        ("Evaluering og justering av forslag", "Q3 2026"),
        ("Endelig rapport og beslutning om fase 2 (Q3–Q4 2026)", "Q4 2026"),
    ],
    "subprojects": [],
    "submitted_at": dt.datetime(2025, 2, 28, 14, 5),
}

REHABILITERING = {
    "title": "Forprosjekt - tverretatlig rehabilitering",
    "lead": "Vefsn kommune",
    "owners": [HSYK, "Vefsn kommune"],
    "owners_note": "",
    "participating": ["Vefsn kommune"],
    "supporting": [],
    "hospital_trust": HSYK,
    "agreement_signed_on": dt.date(2025, 2, 28),
    "is_continuation": False,
    # «Helgeland har et godt utgangspunkt … ved at organisatorisk og faglig kompetanse allerede er
    # samlet i et FSU for rehabilitering.»
    "fsu": "FSU rehabilitering",
    "contacts": [
        _kommune("vefsn_kommunalsjef", "Kommunalsjef helse og omsorg, Vefsn kommune"),
        _hf("hsyk_fagstab", "Ass. leder fagstab"),
    ],
    "summary": (
        "Det er velkjent at rehabiliteringstilbudet i Norge har mangler ift. faglige mål. Meld. "
        "St. 9 (2023–2024), regional utviklingsplan for Helse Nord 2023–2038, delrapport "
        "«Rehabilitering og private tjenester» (2023) fra arbeidsgruppe 3, Riksrevisjonens "
        "undersøkelse av rehabilitering i helse m.fl. viser til disse manglene og et behov for å "
        "samle kompetanse og skape mer helhetlige tjenester.\n\n"
        "I løsningsforslaget på funksjons- og oppgavefordeling sees det et mulighetsrom for å "
        "etablere et samarbeid rundt rehabilitering. Vefsn kommune vil være en naturlig "
        "vertskommune i forbindelse med endringer i sykehusstrukturen, samt den sentrale "
        "beliggenheten på Helgeland. Samarbeidet ønsker å søke om rekrutterings- og "
        "samhandlingstilskudd for å drive et forprosjekt som skal utrede behov, mulighet og "
        "gevinster ved å etablere et samorganisert tilbud for rehabilitering mellom "
        "Helgelandskommunene og Helgelandssykehuset.\n\n"
        "Helgeland har et godt utgangspunkt for å etablere en samorganisering, ved at "
        "organisatorisk og faglig kompetanse allerede er samlet i et FSU for rehabilitering.\n\n"
        "Prosjektet vil levere en prosjektskisse samt modell for innretning av tjenestene og grad "
        "av samordning. Leveransen fra prosjektet anses som en forutsetning for utvikling av et "
        "interkommunalt samarbeid i samarbeid med sykehuset."
    ),
    "expected_benefits": (
        "Et vellykket prosjekt vil kunne bidra til mer tilgjengelige tjenester av høy kvalitet "
        "for befolkningen på Helgeland. En samling av spesialisert kompetanse vil tillate bedre "
        "tilgang og mer samlet rekruttering for regionen. Se også nyttetabellen."
    ),
    "purpose_fit": (
        "Et vellykket prosjekt vil kunne bidra til mer tilgjengelige tjenester av høy kvalitet "
        "for befolkningen på Helgeland. En samling av spesialisert kompetanse vil tillate bedre "
        "tilgang og mer samlet rekruttering for regionen."
    ),
    # Not named in the application (rehabilitering is a category of the call, not a priority
    # group); chosen so the demo application is complete.
    "priority_groups": ["Personer med flere kroniske lidelser"],
    "focus_areas": ["Gode og sammenhengende pasientforløp"],
    # The seed lists the costs («ca.»), not a separate amount applied for: their sum, 4 000 000.
    "amount_applied_nok": 4_000_000,
    "amount_applied_purpose": (
        "Forprosjekt over 18 måneder: prosjektleder, frikjøp av fagpersonell fra kommuner og "
        "spesialisthelsetjenesten, utredningsarbeid, analyser og reiseutgifter, samt ekstern "
        "rådgivning/juridisk bistand."
    ),
    "municipal_contribution_nok": None,
    "municipal_contribution_text": "",
    "hospital_contribution_nok": None,
    "hospital_contribution_text": "",
    "financing_plan": "",
    "patient_responsibility": (
        "Dette vil være et sentralt spørsmål som det må tas stilling til i forprosjektet."
    ),
    "digital_solutions": (
        "Utfordringer og bruk av digitale hjelpemidler vil være en naturlig del av utredningen i prosjektet."
    ),
    "project_plan": (
        "• Oppstart og etablering av prosjektorganisasjon: 3. kvartal 2025\n"
        "• Behovsanalyse og kartlegging: 4. kvartal 2025\n"
        "• Vurdering av organisering, faglig innhold og kompetanse: 1.–2. kvartal 2026\n"
        "• Utforming av konkrete modeller for drift og finansiering: 2.–3. kvartal 2026\n"
        "• Sluttrapport og anbefaling: senest 4. kvartal 2026"
    ),
    "user_involvement": (
        "Helgelandssykehusets brukerutvalg, tillitsvalgte og vernetjeneste i spesialist- og "
        "primærhelsetjenesten vil involveres. Brukerutvalget i Helgelandssykehuset er én av "
        "initiativtakerne til satsningen på rehabilitering."
    ),
    # The seed's four cost lines («ca. kr 1,5 mill» etc.); they sum to 4 000 000.
    "budget_lines": [
        ("Prosjektleder (100 % i 18 måneder)", "Forprosjekt (18 måneder)", 1_500_000),
        (
            "Frikjøp av fagpersonell (fem stillinger à 20 %) fra kommuner og spesialisthelsetjenesten",
            "Forprosjekt (18 måneder)",
            1_500_000,
        ),
        ("Utredningsarbeid, analyser og reiseutgifter", "Forprosjekt (18 måneder)", 700_000),
        ("Ekstern rådgivning/juridisk bistand", "Forprosjekt (18 måneder)", 300_000),
    ],
    "budget_note": "Beløpene er overslag («ca.») slik søknaden oppgir dem.",
    # «Viser til vedlagte skjema» – not in the seed; rows from the benefits the text names.
    "benefits": [
        _benefit(
            "Kvalitet i behandling",
            "Mer tilgjengelige rehabiliteringstjenester av høy kvalitet.",
            "Befolkningen på Helgeland",
        ),
        _benefit(
            "Rekruttering",
            "En samling av spesialisert kompetanse gir bedre tilgang og mer samlet rekruttering "
            "for "
            "regionen.",
            "Kommunene og Helgelandssykehuset",
        ),
    ],
    # No risk table; the application itself names patient responsibility as the open question.
    "risks": [
        (
            "Uavklart ansvar for pasientene i et samorganisert rehabiliteringstilbud",
            "middels",
            "Avklares i forprosjektet; ekstern rådgivning/juridisk bistand er budsjettert.",
        ),
    ],
    "milestones": [
        ("Oppstart og etablering av prosjektorganisasjon", "Q3 2025"),
        ("Behovsanalyse og kartlegging", "Q4 2025"),
        ("Vurdering av organisering, faglig innhold og kompetanse (Q1–Q2 2026)", "Q2 2026"),
        ("Utforming av konkrete modeller for drift og finansiering (Q2–Q3 2026)", "Q3 2026"),
        ("Sluttrapport og anbefaling (senest Q4 2026)", "Q4 2026"),
    ],
    "subprojects": [],
    "submitted_at": dt.datetime(2025, 2, 28, 15, 30),
}

HELGELANDSSYKEPLEIER = {
    "title": ("Helgelandssykepleier – utdanning, rekruttering og stabilisering av sykepleiere på Helgeland"),
    # Owned by the helsefellesskap through its FSU; the municipal contact (the FSU's deputy chair)
    # is in Rana, so Rana kommune leads in the portal and the hospital trust confirms.
    "lead": "Rana kommune",
    "owners": [],
    "owners_note": ("Helsefellesskap Helgeland, ved FSU for utdanning, rekruttering og stabilisering"),
    # «Alle kommunene på Helgeland som er tilknyttet lokalsykehusfunksjoner i Helgelandssykehuset»
    "participating": ALL_HELGELAND,
    "supporting": [],
    "hospital_trust": HSYK,
    "agreement_signed_on": dt.date(2025, 2, 28),
    "is_continuation": False,
    "fsu": "FSU utdanning, rekruttering og stabilisering",
    "contacts": [
        _kommune(
            "rana_hr",
            "HR-sjef i Rana kommune og nestleder i FSU utdanning, rekruttering og stabilisering",
        ),
        _hf(
            "hsyk_hr",
            "HR-sjef i Helgelandssykehuset og leder i FSU utdanning, rekruttering og stabilisering",
        ),
    ],
    "summary": (
        "Tilgang til rett kompetanse og kapasitet er avgjørende for å sikre likeverdige "
        "helsetjenester til innbyggerne på Helgeland. Prosjektet har som mål å styrke rekruttering "
        "til sykepleierutdanning, samt stabilisere og beholde sykepleiere i helsetjenesten. "
        "Målgruppen inkluderer potensielle sykepleierstudenter, aktive studenter, nyutdannede "
        "sykepleiere og ansatte sykepleiere i helsetjenesten på Helgeland. Sentrale "
        "samarbeidspartnere er hele helsetjenesten på Helgeland (alle kommuner og sykehus), begge "
        "sykepleierutdanningene, videregående skoler, Visit Helgeland, Nasjonalt senter for "
        "distriktsmedisin, Rana utvikling og Studiesenter RKK Ytre Helgeland. Prosjektet er i "
        "planleggingsfasen og skal gjennomføres over en periode på fem år.\n\n"
        "Bakgrunn: Sykepleiere er den yrkesgruppen det er størst mangel på. Overgangen mellom "
        "utdanning og arbeidsliv, og de første årene i yrkeslivet, er en sårbar periode. Helgeland "
        "er en distriktsregion der 13 av kommunene er i sentralitetsklasse 6 (minst sentrale), to "
        "i sentralitetsklasse 5 og to i sentralitetsklasse 4. Det gjør rekruttering og "
        "stabilisering av sykepleiere ekstra utfordrende. Både sykepleierutdanningen ved VID "
        "vitenskapelige høgskole og Nord universitet opplever svakere rekruttering enn for 4–5 år "
        "siden.\n\n"
        "Kunnskapsbasert rammeverk: Helgelandssykepleier skal anvende rammeverket i "
        "Recruit&Retain og bygger på tidligere samarbeidsmodeller i regionen. Helgelandsmodellen "
        "skal prøves ut over fem år som en systematisk samarbeidsmodell for å sikre utdanning og "
        "rekruttering av sykepleiere til helsetjenesten på Helgeland, med følgeforskning for å "
        "dokumentere effekter og gevinster.\n\n"
        "Organisering: FSU for utdanning, rekruttering og stabilisering er styringsgruppe. "
        "Prosjektgruppen består av vertskommunene for utdanninger i sykepleie (Rana kommune og "
        "Alstahaug kommune), 1–2 representanter fra kommuner i sentralitetsklasse 5 og 6, "
        "Helgelandssykehuset, VID vitenskapelige høgskole, Nord universitet, Rana utvikling og "
        "Studiesenter RKK Ytre Helgeland.\n\n"
        "Er det andre som har gjort det samme tidligere? Det er ikke kjent at det finnes liknende "
        "regionale samarbeid som inkluderer hele helsetjenesten i en region, alle "
        "utdanningsaktørene innen sykepleie og videregående skole, samt reiseliv og "
        "forskningsmiljø. Dette vil bli en genuin pilot som kan danne grunnlag for modellutvikling "
        "og spredning til andre distriktsområder."
    ),
    "expected_benefits": (
        "Flere søkere til sykepleierutdanningene på Helgeland, flere studenter og nyutdannede "
        "som blir i regionen, og sykepleiere som blir værende i helsetjenesten. Følgeforskning "
        "skal dokumentere effektene. Se også nyttetabellen."
    ),
    "purpose_fit": (
        "Tiltaket skal bidra til utdanning, rekruttering og stabilisering av sykepleiere i hele "
        "helsetjenesten på Helgeland. Prosjektet er forankret i forskningsbasert kunnskap, vil "
        "anvende forskningsbaserte modeller i tiltaksarbeidet og sikre følgeforskning. Prosjektet "
        "er vesentlig for å bevare og videreutvikle tjenestetilbudet som retter seg mot de "
        "prioriterte pasientgruppene i utlysningen: pasientgruppene med sammensatte behov "
        "(pasienter med psykiske lidelser, pasienter med flere kroniske sykdommer, barn og unge "
        "samt skrøpelige eldre), tjenester innenfor svangerskaps-, fødsels- og barselomsorg, "
        "integrert psykisk helsetjeneste og rustjeneste, rehabilitering og tiltak for å redusere "
        "antall utskrivningsklare pasienter.\n\n"
        "Helgelandssykepleier skal fremme rekruttering, stabilisering og god bruk av personell på "
        "tvers av primær- og spesialisthelsetjenesten. Prosjektet har forankring i "
        "helsefellesskapet ved FSU-et.\n\n"
        "Prosjektet vil sikre erfaringsdeling på relevante regionale og nasjonale arenaer, som "
        "Regionalt samarbeidsorgan for utdanning i Helse Nord, fellesmøter mellom "
        "helsefellesskapene i Helse Nord, Kompetanseforumet til statsforvalteren i Nordland, "
        "Universitets- og høgskolerådet og Nasjonalt nettverk for utdanning i sykehus. "
        "Forskningen vil publiseres i relevante tidsskrifter, og det legges opp til "
        "populærvitenskapelig formidling."
    ),
    # All four are named in the application's purpose section.
    "priority_groups": [
        "Barn og unge",
        "Personer med flere kroniske lidelser",
        "Personer med alvorlige psykiske lidelser og rusproblemer",
        "Skrøpelige eldre",
    ],
    "focus_areas": ["Nok helsepersonell med riktig kompetanse"],
    "amount_applied_nok": 10_000_000,
    "amount_applied_purpose": (
        "Det søkes om 2 millioner per år over 5 år, totalt 10 millioner. Se vedlagte budsjett."
    ),
    "municipal_contribution_nok": None,
    "municipal_contribution_text": (
        "Ressurser innen rekruttering, utdanning og kompetanse bistår i arbeidet med tiltak i "
        "Helgelandssykepleier tilsvarende 50 % stilling. Utvikling av tilretteleggingsordninger "
        "for ansatte som vil studere sykepleie og videre arbeid med rekrutteringsstillinger."
    ),
    "hospital_contribution_nok": None,
    "hospital_contribution_text": (
        "Ressurser innen rekruttering, utdanning og kompetanse bistår i arbeidet med tiltak i "
        "Helgelandssykepleier tilsvarende 50 % stilling. Utvikling av tilretteleggingsordninger "
        "for ansatte som vil studere sykepleie og videre arbeid med rekrutteringsstillinger."
    ),
    "financing_plan": "Se vedlagte budsjett.",
    "patient_responsibility": "Ikke relevant.",
    "digital_solutions": "Ikke relevant.",
    "project_plan": (
        "Viser til vedlagte overordnede fremdriftsplan for prosjektet over 5 år. Detaljert "
        "prosjektplan og beskrivelser av hver arbeidspakke vil utarbeides i et tett samarbeid "
        "mellom partene. Evalueringspunkter fremgår av gevinstvedlegget."
    ),
    "user_involvement": (
        "• Ungdomsrådet i Helgelandssykehuset sitter i FSU-et, som er styringsgruppen.\n"
        "• Helgeland ungdomsråd, Rana studentråd og Fagutvalg for sykepleierutdanningen, VID, "
        "inviteres inn som referansegruppe.\n"
        "• Helgelandssykehuset vil forankre prosjektet i møte med foretakstillitsvalgte og "
        "foretaksverneombud og avklare hvordan vi samarbeider med tillitsvalgte og verneombud i "
        "prosjektet.\n"
        "• Hovedtillitsvalgt i Fagforbundet i Rana kommune er bekreftet som referanseperson i "
        "prosjektet."
    ),
    # The seed gives 2 MNOK a year for five years (the budget itself was vedlegg 5): one line per
    # project year, summing to 10 000 000.
    "budget_lines": [
        ("Helgelandssykepleier, arbeidspakke 1–4", f"Prosjektår {year}", 2_000_000) for year in range(1, 6)
    ],
    "budget_note": (
        "Søknaden oppgir 2 millioner per år over 5 år; fordelingen på poster står i det "
        "overordnede budsjettet (vedlegg 5), som ikke er med i kildedokumentet."
    ),
    # «Se vedlagte skjema» – not in the seed. Rows from the work packages and the research plan.
    "benefits": [
        _nytte(
            "Rekruttering",
            "Helsetjenesten på Helgeland (alle kommuner og sykehuset)",
            "FSU utdanning, rekruttering og stabilisering (styringsgruppe)",
            "Flere søkere til sykepleierutdanningene på Helgeland (WP1)",
            "Følgeforskning i samarbeid med NSDM",
            "Felles kampanjer, prekvalifisering og karrierevei fra helsefagarbeider til sykepleier",
            "5 år",
        ),
        _nytte(
            "Mer effektiv bruk av personell",
            "Studenter, nyutdannede og ansatte sykepleiere",
            "Prosjektgruppen",
            "Flere studenter og nyutdannede sykepleiere som blir i regionen, og redusert frafall "
            "fra yrket (WP2 og WP3)",
            "Følgeforskning (mixed methods: dokumenter, registre, intervjuer, spørreskjema)",
            "Overgangsstøtteordning, kombinerte stillinger og regional tiltaksplan etter Recruit&Retain",
            "5 år",
        ),
    ],
    # No risk table; the risks the background section describes.
    "risks": [
        (
            "Svakere rekruttering til sykepleierutdanningene ved VID og Nord universitet",
            "høy",
            "WP1: felles rekrutteringskampanjer, prekvalifisering og merkevaren «Det gode "
            "studentliv "
            "på Helgeland» med Visit Helgeland.",
        ),
        (
            "Frafall blant nyutdannede sykepleiere de første årene i yrket",
            "middels",
            "WP2 og WP3: overgangsstøtteordning, veiledning i praksis og regional tiltaksplan for "
            "stabilisering.",
        ),
    ],
    # The plan was an attachment (vedlegg 6). Start «høsten 2025» (Sak 24-2025); end after five
    # project years.
    "milestones": [
        ("Oppstart i prosjektet (høsten 2025)", "Q3 2025"),
        ("Sluttrapport etter fem prosjektår", "Q3 2030"),
    ],
    "subprojects": [
        (
            "WP1: Prekvalifisering og rekruttering til sykepleierutdanning på Helgeland",
            "Samarbeid om prekvalifisering og rekruttering; styrke karriereveien fra "
            "helsefagarbeider til sykepleier; felles kampanjer; bygge merkevaren «Det gode "
            "studentliv på Helgeland» med Visit Helgeland; stipendordninger og tilrettelegging i "
            "arbeidslivet.",
        ),
        (
            "WP2: Stabilisere og beholde studenter og nyutdannede sykepleiere i regionen",
            "Kombinerte stillinger; faglig og kulturell integrering av studentene; studenttreff og "
            "rollemodeller; styrket veiledning i praksis; rekrutteringsstillinger; "
            "overgangsstøtteordning fra utdanning til yrkesutøvelse.",
        ),
        (
            "WP3: Stabilisering av sykepleiere i helsetjenesten på Helgeland",
            "Kartlegge hva som får sykepleiere på Helgeland til å bli i jobben; utvikle og "
            "gjennomføre en regional tiltaksplan med utgangspunkt i rammeverket Recruit&Retain.",
        ),
        (
            "WP4: Følgeforskning",
            "I samarbeid med Nasjonalt senter for distriktsmedisin, rettet mot WP2 og WP3; mixed "
            "methods med data fra dokumenter, registre, intervjuer og spørreskjema.",
        ),
    ],
    "submitted_at": dt.datetime(2025, 2, 28, 11, 20),
}

APPLICATIONS_2025 = [
    KARTLEGGINGSTEAM,
    FREMTIDENS_PASIENTFORLOP,
    OBSERVASJONSPOST,
    REHABILITERING,
    HELGELANDSSYKEPLEIER,
]

# Left «mottatt» by the demo, so the secretariat has a formal check to do.
LEFT_FOR_SCREENING_2025 = "Forprosjekt - tverretatlig rehabilitering"


# --- Drafts for the open 2026 round -----------------------------------------------------------
# Ideas from the other seeds, partly filled in, with round numbers that do not pretend to be real.

DRAFTS_2026 = [
    {
        # Seed 000 (Rødøy's case paper) and seed 002: Helserom Helgeland is to be rolled out to more
        # municipalities after the pilot in three; Brønnøy, Rødøy and Dønna took part (seed 001).
        "title": "Helserom Helgeland – spredning etter pilot",
        "lead": "Brønnøy kommune",
        "participating": ["Brønnøy kommune", "Rødøy kommune", "Dønna kommune"],
        "summary": (
            "Helserom Helgeland – lokal helsehjelp med avstandsoppfølging – har vært et "
            "forsknings-, "
            "innovasjons- og utviklingsprosjekt med midler fra Norges forskningsråd fram til "
            "desember 2025. Pasient og pårørende kan i helserommet ha konsultasjoner med "
            "fastlegen, sykehuslegen, spesialisten og fysioterapeut samtidig, der noe "
            "helsepersonell er til stede og annet deltar via skjerm.\n\n"
            "Vi ønsker å videreføre modellen etter piloten og spre den til flere kommuner, og å "
            "avklare ansvar og refusjon mellom kommunene og sykehuset når kommunalt personell "
            "følger opp sykehusets pasienter lokalt."
        ),
        "budget_lines": [
            ("Lokal prosjektkoordinator (50 % stilling)", "2027", 400_000),
            ("Utstyr og oppkobling i nye helserom", "2027", 200_000),
        ],
    },
    {
        # Seed 003 (Helgelandssykehuset's hearing response): desentraliserte pasient- og
        # pårørendekurs in cooperation between the municipalities and the hospital.
        "title": "Desentraliserte pasient- og pårørendekurs på Helgeland",
        "lead": "Rana kommune",
        "participating": ["Rana kommune"],
        "summary": (
            "Tilby desentraliserte diagnoseavhengige og diagnoseuavhengige pasient- og "
            "pårørendekurs i et samarbeid mellom kommunene og sykehuset, med egnede kurslokaler og "
            "gode videoløsninger slik at kompetanse kan deles i grupper og gjennom ekstern "
            "veiledning via video. Utvalgte tjenesteforløp innen pasient- og pårørendeopplæring "
            "gjennomgås for å finne det som gir gode, kvalitetssikrede forløp på tvers av fag, "
            "nivå og etat."
        ),
        "budget_lines": [
            ("Kursholdere fra kommune og sykehus (frikjøp)", "2027", 300_000),
            ("Kurslokaler med videoløsning", "2027", 100_000),
        ],
    },
]
