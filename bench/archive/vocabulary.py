"""The words synthetic articles are made of: places, names, tags and sentence parts."""


def words(text):
    return text.split()


PLACES = words(
    "Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dresden Bremen "
    "Hannover Nürnberg Wien Graz Linz Salzburg Zürich Bern Basel Genf Paris Lyon Marseille "
    "London Manchester Madrid Barcelona Lissabon Rom Mailand Neapel Athen Warschau Krakau "
    "Prag Brünn Budapest Bukarest Sofia Belgrad Zagreb Ljubljana Riga Vilnius Tallinn "
    "Helsinki Stockholm Oslo Kopenhagen Amsterdam Rotterdam Brüssel Antwerpen Luxemburg "
    "Dublin Reykjavík Kiew Minsk Moskau Istanbul Ankara Kairo Tunis Algier Rabat Lagos "
    "Nairobi Addis-Abeba Johannesburg Kapstadt Peking Shanghai Shenzhen Hongkong Taipeh "
    "Tokio Osaka Seoul Singapur Jakarta Manila Bangkok Hanoi Delhi Mumbai Karatschi Teheran "
    "Bagdad Riad Dubai Doha Jerusalem Beirut Washington New-York Chicago Boston Toronto "
    "Montreal Mexiko-Stadt Bogotá Lima Santiago Buenos-Aires São-Paulo Brasília Sydney "
    "Melbourne Auckland Deutschland Österreich Schweiz Frankreich Italien Spanien Polen "
    "Tschechien Ungarn Rumänien Bulgarien Griechenland Türkei Ukraine Belarus Russland "
    "China Japan Indien Brasilien Kanada Mexiko Australien Ägypten Nigeria Kenia Südafrika "
    "Iran Irak Israel Europa Afrika Asien Amerika Ostsee Nordsee Mittelmeer Alpen Arktis "
    "Antarktis Sahel Bayern Sachsen Thüringen Brandenburg Hessen Niedersachsen Westfalen "
    "Tirol Kärnten Baden Pfalz Saarland Friesland Lausitz Ruhrgebiet Allgäu Schwarzwald "
    "Harz Eifel"
)

FIRST_NAMES = words(
    "Anna Ben Clara David Eva Felix Greta Hannah Ilias Jonas Katrin Lukas Marie Noah Olga "
    "Paul Quirin Rosa Samuel Tanja Ulrich Vera Wolfgang Xenia Yusuf Zoe Amir Birgit Chen "
    "Dmitri Elif Fatima Gregor Hiroshi Ingrid Jamal Kofi Leila Mateo Nadia"
)
LAST_NAMES = words(
    "Albrecht Bauer Conrad Dietrich Engel Fischer Graf Hartmann Iwanow Jung Keller Lehmann "
    "Meyer Neumann Otto Peters Quast Richter Schulz Treiber Urban Vogel Wagner Xu Yilmaz "
    "Zimmermann Andersen Brandt Castillo Dubois Eriksson Fontaine Garcia Horvath Ito "
    "Jovanović Kowalski Lindqvist Moreau Nakamura"
)

ORGANIZATIONS = [
    "Bundestag",
    "Bundesrat",
    "Bundesregierung",
    "Europäische Kommission",
    "Europäisches Parlament",
    "Europäische Zentralbank",
    "Vereinte Nationen",
    "NATO",
    "Weltgesundheitsorganisation",
    "Internationaler Währungsfonds",
    "Weltbank",
    "OECD",
    "Deutsche Bahn",
    "Bundesbank",
    "Bundesverfassungsgericht",
    "Bundeskartellamt",
    "Umweltbundesamt",
    "Robert Koch-Institut",
    "Statistisches Bundesamt",
    "Bundesagentur für Arbeit",
    "Afrikanische Union",
    "ASEAN",
    "Mercosur",
    "G7",
    "G20",
    "OPEC",
    "WTO",
    "UNESCO",
    "UNICEF",
    "Rotes Kreuz",
    "Ärzte ohne Grenzen",
    "Greenpeace",
    "Amnesty International",
    "IG Metall",
    "Verdi",
    "DGB",
    "BDI",
    "DIHK",
    "Max-Planck-Gesellschaft",
    "Fraunhofer-Gesellschaft",
    "Helmholtz-Gemeinschaft",
    "Leibniz-Gemeinschaft",
    "Goethe-Institut",
    "DFB",
    "UEFA",
    "FIFA",
    "IOC",
    "Europarat",
    "OSZE",
    "Internationaler Strafgerichtshof",
]

TOPIC_STEMS = words(
    "Energie Klima Bahn Schul Steuer Renten Gesundheits Digital Verkehrs Wohnungs Agrar "
    "Arbeits Bildungs Außen Sicherheits Handels Finanz Migrations Wasser Wald Kultur Sport "
    "Forschungs Medien Haushalts Industrie Tourismus Verteidigungs Justiz Sozial Familien "
    "Pflege Wahl Umwelt Stadt Land Hafen Luftfahrt Raumfahrt Daten"
)
TOPIC_SUFFIXES = words(
    "politik reform streit gipfel krise markt gesetz wende debatte forschung bericht "
    "planung förderung wandel abkommen"
)

GERMAN = {
    "subjects": [
        "Die Regierung",
        "Der Stadtrat",
        "Die Opposition",
        "Ein Sprecher des Ministeriums",
        "Die Gewerkschaft",
        "Der Verband",
        "Eine Studie der Universität",
        "Die Bürgermeisterin",
        "Der Konzern",
        "Die Polizei",
        "Das Gericht",
        "Die Feuerwehr",
        "Die Forscherinnen und Forscher",
        "Der Bundesminister",
        "Die Regierung des Landes",
        "Eine Mehrheit der Abgeordneten",
        "Die Behörde",
        "Die Zentralbank",
        "Der Vorstand",
        "Die Initiative",
    ],
    "verbs": [
        "kündigte an",
        "legte vor",
        "kritisierte",
        "verteidigte",
        "beschloss",
        "prüft derzeit",
        "stellte vor",
        "lehnte ab",
        "begrüßte",
        "forderte",
        "bestätigte",
        "verschob",
        "unterzeichnete",
        "veröffentlichte",
        "plant",
    ],
    "objects": [
        "einen neuen Gesetzentwurf",
        "die Pläne für den Ausbau der Bahn",
        "ein Programm zur Förderung erneuerbarer Energien",
        "höhere Investitionen in Schulen",
        "die Reform der Rente",
        "einen Bericht zur Lage auf dem Arbeitsmarkt",
        "strengere Regeln für den Datenschutz",
        "die Einigung mit den Nachbarländern",
        "eine Untersuchung der Vorfälle",
        "den Haushalt für das kommende Jahr",
        "neue Zahlen zur Inflation",
        "ein Abkommen über den Handel",
        "die Sanierung der Brücken",
        "mehr Personal für die Pflege",
        "den Schutz der Wälder",
        "die Senkung der Energiepreise",
    ],
    "times": [
        "am Montag",
        "am Dienstag",
        "am Mittwoch",
        "am Donnerstag",
        "am Freitag",
        "am Wochenende",
        "in der vergangenen Woche",
        "nach langen Verhandlungen",
        "überraschend",
        "erneut",
        "am Abend",
        "in einer Sondersitzung",
    ],
    "sentence": "{subject} {verb} {time} in {place} {object}.",
    "closers": [
        "Kritiker sprachen von einem überfälligen Schritt.",
        "Die Regierung will die Ergebnisse im Herbst bewerten.",
        "Eine Entscheidung wird in den kommenden Wochen erwartet.",
        "Vertreter der Wirtschaft zeigten sich zurückhaltend.",
        "Umweltverbände begrüßten die Ankündigung, mahnten aber mehr Tempo an.",
        "Nach Angaben der Behörden wurde niemand verletzt.",
        "Die Kosten werden auf mehrere Millionen Euro geschätzt.",
        "Eine Stellungnahme der Opposition stand zunächst aus.",
    ],
    "rare": "Im Zoo von {place} kam unterdessen ein Zwergflusspferd zur Welt.",
    "title": "{place}: {subject} {verb} {object}",
    "byline": "Von {name}",
}

ENGLISH = {
    "subjects": [
        "The government",
        "The city council",
        "The opposition",
        "A ministry spokesperson",
        "The union",
        "The industry association",
        "A university study",
        "The mayor",
        "The company",
        "Police",
        "The court",
        "The fire service",
        "Researchers",
        "The minister",
        "A majority of lawmakers",
        "The regulator",
        "The central bank",
        "The board",
        "Campaigners",
        "The trade delegation",
    ],
    "verbs": [
        "announced",
        "presented",
        "criticised",
        "defended",
        "approved",
        "is reviewing",
        "unveiled",
        "rejected",
        "welcomed",
        "called for",
        "confirmed",
        "postponed",
        "signed",
        "published",
        "is planning",
    ],
    "objects": [
        "a new draft law",
        "plans to expand the railway",
        "a programme for renewable energy",
        "higher spending on schools",
        "the pension reform",
        "a report on the labour market",
        "stricter data protection rules",
        "an agreement with neighbouring countries",
        "an inquiry into the incidents",
        "next year's budget",
        "new inflation figures",
        "a trade agreement",
        "the repair of ageing bridges",
        "more staff for care homes",
        "measures to protect forests",
        "cuts to energy prices",
    ],
    "times": [
        "on Monday",
        "on Tuesday",
        "on Wednesday",
        "on Thursday",
        "on Friday",
        "over the weekend",
        "last week",
        "after lengthy talks",
        "unexpectedly",
        "again",
        "late in the evening",
        "at a special session",
    ],
    "sentence": "{subject} {verb} {object} in {place} {time}.",
    "closers": [
        "Critics called it a long overdue step.",
        "The government said it would assess the results in the autumn.",
        "A decision is expected in the coming weeks.",
        "Business leaders reacted cautiously.",
        "Environmental groups welcomed the move but urged faster action.",
        "Officials said nobody was hurt.",
        "The cost is estimated at several million euros.",
        "The opposition had not commented by the time of publication.",
    ],
    "rare": "Meanwhile the zoo in {place} celebrated the birth of a Zwergflusspferd.",
    "title": "{place}: {subject} {verb} {object}",
    "byline": "By {name}",
}
TEXTS = {"de": GERMAN, "en": ENGLISH}
