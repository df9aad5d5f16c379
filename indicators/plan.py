"""The Piano di Zona 2021-2023 as data: its 10 policy areas and 25 objectives.

Source: seeds/004, «AREE TEMATICHE – OBIETTIVI E AZIONI». Titles are the plan's own; the
other texts are quoted or condensed from each objective's sections («Target», «A quali
bisogni risponde?», «L'obiettivo è trasversale...»). ``notes`` record where the plan
contradicts or repeats itself, so the dashboard shows it instead of hiding it.

Also here: how an objective's status is summarised from its indicators' statuses, a rule
the overview and the area page share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import polars as pl

from indicators.status import STATUSES

DOC = "seeds/004 - Piano di Zona 2021-2023, Ambito Sociale del Cremonese"
CICLO = "2021-2023"
ANNI_CICLO = (2021, 2022, 2023)


@dataclass(frozen=True)
class Area:
    id: str
    title: str


@dataclass(frozen=True)
class Objective:
    id: str
    area: str
    title: str
    target_population: tuple[str, ...]
    needs: tuple[str, ...]
    transversal: tuple[str, ...]  # ids of the other areas it is transversal to
    transversal_text: str         # the plan's own sentence
    text: str                     # short description, condensed from the plan
    notes: tuple[str, ...] = ()   # inconsistencies of the plan, shown on the page


AREAS: tuple[Area, ...] = (
    Area("1", "Contrasto alla povertà e all'emarginazione sociale"),
    Area("2", "Politiche abitative e rigenerazione urbana"),
    Area("3", "Promozione inclusione attiva"),
    Area("4", "Domiciliarità"),
    Area("5", "Anziani"),
    Area("6", "Digitalizzazione dei servizi e condivisione delle conoscenze"),
    Area("7", "Politiche giovanili e per i minori"),
    Area("8", "Interventi connessi alle politiche del lavoro"),
    Area("9", "Interventi per le famiglie e i minori"),
    Area("10", "Interventi a favore delle persone con disabilità"),
)
AREA_BY_ID = {a.id: a for a in AREAS}
TUTTE = tuple(a.id for a in AREAS)

OBJECTIVES: tuple[Objective, ...] = (
    Objective(
        "1.1", "1", "Rafforzamento della rete territoriale di ambito per il contrasto alla povertà e alla emarginazione sociale",
        ("Persone e famiglie in condizione di povertà relativa ed assoluta che si rivolgono ai servizi sociali pubblici e agli enti del Terzo settore",
         "Operatori pubblici e del Terzo settore, compresi i volontari"),
        ("Migliorare la qualità della erogazione degli aiuti materiali alle persone in situazioni di povertà",
         "Bisogni nuovi emersi con la pandemia: perdita del lavoro, bassi salari, famiglie monoreddito e monogenitoriali, adolescenti",
         "Diverse modalità di erogazione/distribuzione (domiciliarità, punti di accesso)"),
        ("2", "3", "7", "9", "6"),
        "L'obiettivo è trasversale in particolare, come si è detto alle policy 2) Politiche abitative, 3) Promozione "
        "dell'inclusione attiva 7) Politiche giovanili e per i minori 9) Interventi per le famiglie. "
        "Inoltre è coerente con la policy 6) per gli aspetti di condivisione dei dati.",
        "Estendere a tutto l'Ambito la rete nata dal «Protocollo per il contrasto della Povertà» del Comune di Cremona "
        "e del Terzo settore: più punti di accesso, più enti aderenti, aiuti materiali legati a percorsi di autonomia.",
    ),
    Objective(
        "1.2", "1", "Sperimentazione di servizi innovativi sul territorio per il supporto alla povertà materiale e al contrasto all'emarginazione sociale",
        ("Persone e famiglie in condizione di povertà relativa ed assoluta",
         "Operatori pubblici e del Terzo settore, compresi i volontari",
         "I donatori (imprese, privati etc.) valorizzati e coinvolti nelle sperimentazioni"),
        ("Integrare il sistema di distribuzione dei beni materiali con i percorsi di contrasto alla emarginazione sociale, "
         "rafforzando il coinvolgimento dei destinatari e delle comunità locali in percorsi di solidarietà e di mutuo aiuto",),
        ("2", "3", "7", "9"),
        "L'obiettivo è trasversale in particolare, come si è detto alle policy 2) Politiche abitative, 3) Promozione "
        "dell'inclusione attiva 7) Politiche giovanili e per i minori 9) Interventi per le famiglie.",
        "Sperimentare in alcuni sub-ambiti servizi integrati di raccolta, distribuzione e condivisione dei beni, "
        "rafforzare la distribuzione a domicilio e ampliare la platea dei donatori.",
    ),
    Objective(
        "2.1", "2", "Implementare le pratiche di accompagnamento e accesso alla casa",
        ("Nuclei familiari in situazione di povertà materiale e educativa",
         "Singole situazioni in transito da progetti sanitari verso progetti sociali",
         "Persone in situazioni di disabilità", "Giovani e giovani coppie"),
        ("Mediazione e accompagnamento nella relazione con istituzioni e proprietari; competenze per gestire e mantenere la casa",
         "Bisogni economici: fondi di garanzia, risorse per sistemazione e manutenzione delle abitazioni",
         "Bisogni sociali: figure di tutoraggio relazionale o energetico"),
        ("5", "7", "9", "10", "1", "3"),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Anziani; Politiche giovanili; Politiche "
        "per la famiglia; disabilità; Povertà e emarginazione ed inclusione attiva.",
        "Rendere l'accesso alla casa possibile a più persone con percorsi di accompagnamento, ridurre la cronicità e "
        "aprire un dialogo strutturato con il privato (proprietari, agenzie, amministratori).",
    ),
    Objective(
        "2.2", "2", "Rendere i servizi per l'abitare un diffuso sistema integrato",
        ("Tutti i soggetti che necessitano di un intervento che implica servizi o interventi legati all'abitare sociale",),
        ("Maggiore personalizzazione degli interventi, dalla conoscenza dei bisogni, dei servizi e degli spazi di lavoro scoperti",
         "Aumentare la coesione del sistema, creando una sorta di «filiera» dialogante sulla casa"),
        ("5", "7", "9", "10", "1", "3"),
        "L'obiettivo è trasversale ad altre aree di policy, in particolare: Anziani; Politiche giovanili; Politiche per "
        "la famiglia; disabilità; Povertà e emarginazione ed inclusione attiva.",
        "Mappare l'offerta e raccogliere la domanda abitativa, far emergere gli interventi mancanti e coprogettarli.",
        ("Il piano elenca i risultati di 2.2 senza l'intestazione «Indicatori di output» e ripete due righe "
         "(«Far emergere le aree di nuovo investimento.» e «Realizzare spazi di coprogettazione...»): "
         "il cruscotto ne fa un indicatore ciascuna, una volta sola.",),
    ),
    Objective(
        "2.3", "2", "Sviluppare la cultura dell'abitare sociale",
        ("Persone in situazioni di marginalità grave", "Persone provenienti da percorsi migratori",
         "Persone in uscita da percorsi di salute mentale"),
        ("Rompere i pregiudizi alla base delle discriminazioni di chi non riesce ad accedere alla risorsa abitativa",
         "Bisogno di narrazione di storie che troppo spesso restano sconosciute"),
        ("1",),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: contrasto alla povertà e alla emarginazione.",
        "Un processo di narrazione sociale e di dibattito per ridurre i pregiudizi verso chi oggi è escluso dal mercato immobiliare.",
        ("Sotto gli «Indicatori di output» di 2.3 il piano riporta anche il paragrafo di impatto, quasi uguale a quello "
         "degli «Indicatori di outcome».",),
    ),
    Objective(
        "3.1", "3", "Potenziare il sistema di presa in carico delle persone fragili",
        ("Persone con fragilità diverse prese in carico dai servizi sociali pubblici e dagli enti del Terzo settore",
         "Operatori pubblici e del Terzo settore, compresi i volontari"),
        ("Ampliare le opportunità di inclusione sociale con percorsi personalizzati per persone fragili",
         "Consentire alle persone fragili di socializzare, riducendo il rischio di isolamento e emarginazione"),
        ("1", "8"),
        "L'obiettivo si collega in particolare con le policy 1) Contrasto alla povertà e all'emarginazione sociale, "
        "8) Interventi connessi alle politiche del lavoro.",
        "Una rete territoriale di presa in carico per l'inclusione attiva sul modello del progetto Capability, "
        "che permetta il passaggio tra percorsi di inclusione attiva e di inserimento lavorativo.",
    ),
    Objective(
        "3.2", "3", "Rafforzare la rete territoriale degli enti (imprese, privati, associazioni)",
        ("Persone con fragilità diverse che possono accedere a percorsi di inclusione sociale",
         "Operatori pubblici e del Terzo settore",
         "Imprese, associazioni e diversi soggetti valorizzati e coinvolti"),
        ("Ampliare significativamente l'offerta di percorsi di inclusione attiva, migliorandone la qualità e "
         "diversificando i settori (non solo imprese cooperative; attività ambientali, artistiche etc.)",),
        ("1", "8"),
        "L'obiettivo si collega in particolare con le policy 1) Contrasto alla povertà e all'emarginazione sociale, "
        "8) Interventi connessi alle politiche del lavoro.",
        "Allargare la platea di imprese, associazioni ed enti che accolgono persone prese in carico, con sensibilizzazione, "
        "tavoli con la Camera di Commercio e incentivi.",
        ("Il testo di outcome di 3.2 prosegue con una frase ripresa da 1.2 («previa valutazione dell'efficacia, i servizi "
         "innovativi sul territorio per integrare i percorsi di distribuzione dei beni materiali...»): il cruscotto misura "
         "solo le affermazioni proprie di 3.2.",),
    ),
    Objective(
        "4.1", "4", "Miglioramento del servizio di assistenza domiciliare",
        ("Famiglie con persone non autosufficienti", "Sistema di intervento pubblico e privato",
         "Assistenti alla persona e assistenti familiari"),
        ("Personalizzazione e deistituzionalizzazione degli interventi", "Orientamento nel mondo dei servizi di assistenza alla persona",
         "Formazione delle assistenti alla persona e delle assistenti familiari", "Maggiore dialogo del sistema pubblico e privato"),
        ("5", "9", "10"),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Anziani; Politiche per la famiglia; disabilità.",
        "Collegare il sistema domiciliare pubblico con l'assistenza privata (assistenti familiari), interventi più "
        "flessibili e rapidi, accompagnamento delle famiglie e formazione.",
    ),
    Objective(
        "4.2", "4", "Sperimentazioni locali di comunità e attivazione di un ampio processo di sensibilizzazione e coinvolgimento delle risorse giovanili",
        ("Contesti nei quali sia attivo un sistema di intervento di comunità", "Adolescenti e giovani"),
        ("Bisogno di protagonismo e partecipazione civile dei giovani", "Attivazione delle comunità territoriali",
         "Dove è possibile, avviare un percorso di deistituzionalizzazione degli interventi", "Sostegno alle reti familiari"),
        ("7",),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Politiche giovanili.",
        "Una o due sperimentazioni in un quartiere o condominio sociale dove comunità e servizi curano insieme "
        "l'assistenza domiciliare, coinvolgendo i giovani.",
        ("4.2 e 5.3 hanno quasi lo stesso testo e gli stessi indicatori di output (ripetuti anche dentro 4.2: "
         "criteri, sensibilizzazione, sperimentazione compaiono due volte).",
         "L'outcome di 4.2 parla di «persone con disabilità», mentre l'obiettivo riguarda l'assistenza domiciliare degli anziani."),
    ),
    Objective(
        "5.1", "5", "Rafforzamento e integrazione del sistema dei servizi di Long Term Care",
        ("Nuclei e reti familiari che accolgono un parente anziano", "Sistema dei servizi per l'assistenza a lungo termine",
         "Caregiver", "Persone anziane"),
        ("Sostenere le reti familiari nel delicato impegno di cura e assistenza dei propri cari",
         "La crescente domanda di autonomia e personalizzazione degli interventi delle persone anziane",
         "Il bisogno di una maggiore integrazione e condivisione degli interventi interna ai servizi del territorio"),
        ("7", "9", "10"),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Politiche giovanili; Politiche per la famiglia; disabilità.",
        "Superare la frammentazione dei servizi di assistenza a lungo termine, sostenere caregiver e reti familiari, "
        "sperimentare forme leggere di cura («Custodi di condominio», «maggior-domo»).",
    ),
    Objective(
        "5.2", "5", "Miglioramento sistema di offerta delle RSA",
        ("Sistema delle RSA",),
        ("Superare l'isolamento delle Residenze dal tessuto sociale territoriale",
         "Innovare alcune forme di intervento adeguandole alla mutazione della domanda"),
        ("4",),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare con l'area della Domiciliarità",
        "Ripensare il sistema delle RSA e collegarle alle comunità in cui sono inserite, con tavoli di lavoro e linee guida.",
    ),
    Objective(
        "5.3", "5", "Sperimentazioni locali e attivazione di un ampio processo di sensibilizzazione e coinvolgimento delle risorse giovanili",
        ("Contesti nei quali sia attivo un sistema di intervento di comunità", "Adolescenti e giovani"),
        ("Bisogno di protagonismo e partecipazione civile dei giovani", "Attivazione delle comunità territoriali",
         "Dove è possibile avviare un percorso di deistituzionalizzazione degli interventi"),
        ("7",),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Politiche giovanili.",
        "Sperimentazioni di comunità attente alla salute delle persone anziane, con un ampio coinvolgimento dei giovani.",
        ("La descrizione di 5.3 parla di «cura delle situazioni di disabilità», gli obiettivi e l'outcome di persone anziane; "
         "testo e indicatori sono quasi uguali a 4.2.",),
    ),
    Objective(
        "6.1", "6", "Condivisione delle cartelle socio sanitarie",
        ("Persone prese in carico dai servizi socio sanitari del territorio",
         "Operatori pubblici e del Terzo settore", "Il sistema locale di welfare, valutato in modo più diretto e trasparente"),
        ("Migliorare i tempi e la qualità della presa in carico delle persone con fragilità",
         "Razionalizzare la destinazione delle risorse e favorire la presa in carico di una platea più ampia",
         "Supportare i piccoli Comuni che hanno poche risorse per la condivisione delle cartelle e dei dati"),
        TUTTE,
        "L'obiettivo è trasversale a tutte le policy in quanto la necessità di migliorare l'assetto generale del sistema "
        "locale di welfare attraverso la condivisione strutturata di informazioni e la conseguente riorganizzazione dei "
        "servizi è stata sottolineata in tutti i gruppi di lavoro.",
        "Condividere le cartelle socio-assistenziali tra enti pubblici e poi con il Terzo settore, con sperimentazioni "
        "territoriali, protocolli informatici, formazione ed elaborazioni periodiche dei dati.",
    ),
    Objective(
        "6.2", "6", "Condivisione dei dati socio sanitari generali",
        ("Decisori e operatori dei servizi socio sanitari del territorio", "La cittadinanza nel suo complesso"),
        ("Migliorare la capacità di governo del sistema di welfare, condividendo la conoscenza delle trasformazioni sociali",
         "Sostenere in maniera specifica i piccoli Comuni"),
        TUTTE,
        "L'obiettivo è trasversale a tutte le policy in quanto la necessità di migliorare l'assetto generale del sistema "
        "locale di welfare attraverso la condivisione strutturata di informazioni e la conseguente riorganizzazione dei "
        "servizi è stata sottolineata in tutti i gruppi di lavoro.",
        "Un sistema di conoscenza dei dati socio-sanitari del territorio, aggiornato periodicamente, alimentato da enti "
        "pubblici e del Terzo settore e da fonti nazionali e regionali.",
        ("Nelle sezioni su continuità, coprogettazione, bisogni e modalità di 6.2 il piano scrive «obiettivo 6.1».",),
    ),
    Objective(
        "6.3", "6", "Condivisione della conoscenza Servizi sanitari del territorio dell'Ambito",
        ("Operatori dei servizi socio sanitari del territorio", "Le persone che si rivolgono al sistema di welfare",
         "I piccoli Comuni, che potranno aggregarsi per condividere servizi sovra comunali"),
        ("Superare il gap tra domande di sostegno e un'offerta di servizi a volte frammentata e poco visibile",),
        TUTTE,
        "L'obiettivo è trasversale a tutte le policy in quanto la necessità di migliorare la conoscenza del sistema dei "
        "servizi socio-sanitari dell'ambito è stata sottolineata in tutti i gruppi di lavoro di coprogettazione tra il "
        "pubblico e il Terzo Settore del Piano di Zona.",
        "Una piattaforma condivisa con la mappa dei servizi socio-sanitari pubblici e privati dell'Ambito, alimentata e "
        "usata dagli operatori.",
    ),
    Objective(
        "7.1", "7", "Sostegno educativo e riduzione dell'abbandono scolastico",
        ("Nuclei familiari in situazione di povertà materiale e educativa",
         "Preadolescenti e adolescenti delle scuole secondarie di primo e secondo grado", "Insegnanti"),
        ("Accompagnare la scuola nel recupero della funzione educativa e in percorsi per i giovani più fragili",
         "Un riferimento di senso per i genitori nella relazione educativa con i figli e la scuola",
         "Il bisogno di socializzazione dei giovani"),
        ("9",),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Politiche per la famiglia.",
        "Educatori nelle scuole, interventi tra tempo scolastico ed extrascolastico, scuola di seconda opportunità e "
        "formazione comune di insegnanti e operatori.",
    ),
    Objective(
        "7.2", "7", "Offrire opportunità per la crescita e il futuro",
        ("Adolescenti e giovani",),
        ("Una rete articolata di proposte e opportunità di crescita", "Un incontro possibile con la dimensione culturale",
         "Protagonismo e partecipazione giovanile", "Elaborazione culturale e integrazione per i giovani di «seconda generazione»"),
        ("5", "7", "9", "10", "1", "3"),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Anziani; Politiche giovanili; Politiche per "
        "la famiglia; disabilità; Povertà e emarginazione ed inclusione attiva.",
        "Informagiovani, orientamento, servizio civile, sport e biblioteche come luoghi di welfare culturale e di "
        "partecipazione dei giovani.",
    ),
    Objective(
        "7.3", "7", "La relazione tra città e territorio",
        ("Adolescenti e giovani",),
        ("Una equilibrata distribuzione dei servizi e delle opportunità per i giovani, coerente con i loro spostamenti",),
        (),
        "L'obiettivo 7.3 non mostra elementi di carattere trasversale ad altre aree di policy.",
        "Una ricerca-azione sulla mobilità dei giovani tra città e paesi, restituita ai giovani, per ripensare la mappa dei servizi.",
    ),
    Objective(
        "8.1", "8", "Potenziare il sistema di presa in carico delle persone fragili inserite in percorsi di inserimento lavorativo",
        ("Persone con fragilità diverse che possono essere inserite in percorsi di inserimento lavorativo",
         "Operatori pubblici e del Terzo settore"),
        ("Ampliare le opportunità di inserimento lavorativo con percorsi personalizzati per persone fragili, evitando insuccessi",),
        ("1", "7"),
        "L'obiettivo si collega in particolare con le policy 1) Contrasto alla povertà e all'emarginazione sociale, "
        "7) Politiche giovanili e per i minori.",
        "Potenziare la rete operativa del progetto Capability (équipe e micro-équipe, Centri per l'impiego, programma GOL), "
        "con attenzione ai giovani e ai NEET.",
    ),
    Objective(
        "8.2", "8", "Rafforzare la rete territoriale degli enti (imprese, privati, associazioni)",
        ("Persone con fragilità diverse che possono accedere a percorsi di inserimento lavorativo",
         "Operatori pubblici e del Terzo settore", "Imprese, associazioni e diversi soggetti"),
        ("Ampliare significativamente l'offerta di percorsi di inserimento lavorativo, migliorandone la qualità e "
         "diversificando i settori di riferimento",),
        ("1", "8"),
        "L'obiettivo si collega in particolare con le policy 1) Contrasto alla povertà e all'emarginazione sociale, "
        "8) Interventi connessi alle politiche del lavoro.",
        "Allargare la platea di imprese (non solo cooperative), associazioni ed enti che accolgono persone in inserimento lavorativo.",
        ("Il piano indica 8.2 come trasversale alla policy 8, che è la sua stessa area.",),
    ),
    Objective(
        "9.1", "9", "Accompagnare e sostenere la responsabilità genitoriale in tutte le sue funzioni di cura e di protezione con particolare attenzione allo sviluppo di approcci di tipo preventivo e di aggancio precoce nei confronti del target 0/6",
        ("Genitori di bambini e adolescenti residenti nel territorio", "Genitori di bambini di fascia 0- 6", "Padri"),
        ("Intervenire precocemente nelle condizioni di fragilità e sui fattori di rischio per la crescita dei minori",
         "Prevenire l'allontanamento dei minori dai propri contesti vitali e l'istituzionalizzazione"),
        ("7", "2", "8"),
        "Sì, in modo specifico ed immediato con l'area \"Politiche Giovanili e per i Minori\" ma anche con l'area "
        "\"Politiche Abitative\" e \"Politiche per il lavoro\" nella misura in cui queste incrociano i bisogni delle famiglie.",
        "Aggancio precoce e intervento preventivo a fianco dei genitori, dai percorsi consultoriali ai servizi per la "
        "prima infanzia, coinvolgendo anche i padri.",
    ),
    Objective(
        "9.2", "9", "Rilanciare il raccordo con l'Autorità Giudiziaria nelle sue diverse articolazioni alla luce delle possibili evoluzioni normative in relazione al Diritto di Famiglia (istituzione del Tribunale Unico per la Famiglia e le Persone)",
        ("Operatori dei servizi sociali e istituzionali", "Operatori della giustizia",
         "Operatori delle agenzie educative territoriali", "Cittadini"),
        ("Migliorare gli standard di qualità degli interventi per famiglie e minori: tempestività, puntualità e congruità",
         "Ridurre l'impatto dell'intervento istituzionale e il rischio di iatrogenesi sociale"),
        ("7",),
        "Sì, in modo specifico ed immediato con l'area \"Politiche Giovanili e per i Minori\"",
        "Rafforzare il dialogo con l'Autorità Giudiziaria minorile e ordinaria, anche come osservatorio territoriale su famiglie e minori.",
    ),
    Objective(
        "9.3", "9", "Cura della Rete Antiviolenza: rafforzare la connessione con la componente sociosanitaria e potenziamento degli strumenti e delle risorse dedicate alla promozione dell'autonomia delle donne vittime di violenza",
        ("Operatori dei servizi sociali e sociosanitari", "Volontarie e professioniste dei Centri Antiviolenza e delle Case Rifugio",
         "Operatori dei CPI e degli Enti aderenti alla Rete Istituzionale Antiviolenza della Provincia di Cremona",
         "Donne vittime di violenza, in particolare quelle che stanno definendo il proprio progetto di autonomia"),
        ("Migliorare gli standard di qualità degli interventi di supporto e cura: tempestività, puntualità e congruità",
         "Ridurre l'impatto dell'intervento istituzionale e il rischio di iatrogenesi sociale"),
        ("3", "8"),
        "Sì, in modo specifico ed immediato con l'area \"Promozione ed inclusione attiva\" ed \"Interventi connessi alle "
        "politiche per il lavoro\"",
        "Integrare la Rete Antiviolenza con la componente sociosanitaria (Case e Ambulatori di Comunità), intercettare i "
        "bisogni valorizzando la prossimità dei piccoli comuni, progetti personalizzati di autonomia per le donne.",
        ("Gli indicatori di output e di outcome che il piano scrive per 9.3 ripetono parola per parola quelli di 9.2 "
         "(Autorità Giudiziaria). Il cruscotto li mantiene e aggiunge tre misure adatte alla Rete Antiviolenza, "
         "segnate come «proposto dal cruscotto».",
         "Anche i bisogni di 9.3 ripetono quelli di 9.2 («famiglie e minori»)."),
    ),
    Objective(
        "10.1", "10", "In situazioni di disabilità, curare le delicate fasi di passaggio",
        ("Persone con disabilità", "Sistemi familiari", "Reti del supporto privato (assistenti alla persona e assistenti familiari)"),
        ("Sostenere famiglie e persone con disabilità nel passaggio dall'età giovanile all'età adulta",
         "Interventi mirati tra soluzioni residenziali e domiciliari per mantenere l'autonomia",
         "Offrire opportunità di accesso a un sistema di welfare culturale"),
        ("5", "9"),
        "L'obiettivo è trasversale ad altre aree di policy, ed in particolare: Anziani; Politiche per la famiglia.",
        "Curare i passaggi d'età delle persone con disabilità (verso l'età adulta e verso l'età anziana), il sollievo "
        "alle famiglie e un'offerta culturale accessibile.",
    ),
)
OBJECTIVE_BY_ID = {o.id: o for o in OBJECTIVES}

# The 2018-2020 cycle had six areas (Abitare, Disabilità, Famiglia giovani e territorio,
# Immigrazione, Non autosufficienza, Contrasto alla povertà): where an area of this plan has
# no achievement figure to set beside it, the page says why.
REVIEW_NOTES = {
    "3": "Il bilancio 2018-2020 non ha un'area «Inclusione attiva»: i percorsi di inclusione (orti sociali, "
         "progetto Capability) vi compaiono nelle aree Contrasto alla povertà e Famiglia, giovani e territorio.",
    "10": "Il bilancio 2018-2020 dell'area Disabilità non riporta un grado di raggiungimento per obiettivo: elenca "
          "temi e proposte (coinvolgimento della famiglia, servizi, transizione scuola – mondo adulto, fasce "
          "specifiche) e i risultati raggiunti a parole.",
}


def objectives_of(area: str) -> list[Objective]:
    return [o for o in OBJECTIVES if o.area == area]


def area_of_objective(objective: str) -> str:
    return OBJECTIVE_BY_ID[objective].area


def objective_status(statuses: Iterable[str]) -> str:
    """Status of an objective from its indicators' latest statuses: the worst judgement present.

    One indicator «fuori target» makes the objective «fuori target», whatever the others say
    (a majority rule showed green tiles over indicators off target); else «a rischio», else «in
    linea». Statuses that are no judgement (senza dati, anno base, contesto, a hidden status)
    do not colour it; none judged: «senza dati».
    """
    present = set(statuses)
    return next((s for s in ("off_track", "at_risk", "on_track") if s in present), "no_data")


def status_counts(latest_rows: pl.DataFrame) -> dict[str, int]:
    """How many indicators are in each status (every status present, zero included)."""
    got = dict(latest_rows.group_by("status").len().iter_rows()) if latest_rows.height else {}
    return {s: int(got.get(s, 0)) for s in STATUSES}


def objective_summary(latest_rows: pl.DataFrame) -> pl.DataFrame:
    """One row per objective of the plan: objective, area, status, and n_<status> counts.

    ``latest_rows`` is the engine's latest() table (one row per indicator); objectives
    with no indicator at all still appear, as «senza dati».
    """
    rows = []
    for o in OBJECTIVES:
        mine = latest_rows.filter(pl.col("objective") == o.id) if latest_rows.height else latest_rows
        statuses = mine["status"].to_list() if mine.height else []
        counts = Counter(statuses)
        rows.append({"objective": o.id, "area": o.area, "title": o.title,
                     "status": objective_status(statuses),
                     **{f"n_{s}": counts.get(s, 0) for s in STATUSES}})
    return pl.DataFrame(rows)
