//! Word tables for quote extraction and attribution: cue verbs, titles, role
//! words, organisation heads, pronouns and the small function-word lists the
//! speaker parser stops at. Every rule in [`super::quotes`] reads these tables;
//! nothing here matches one page's text.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Attribution verbs that introduce or follow speech ("said", "told", …).
pub const CUES: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "telling", "added", "adds",
    "adding", "wrote", "writes", "writing", "asked", "asks", "stated", "states", "stating",
    "explained", "explains", "noted", "notes", "argued", "argues", "insisted", "insists",
    "warned", "warns", "recalled", "recalls", "replied", "replies", "continued", "shouted",
    "announced", "declared", "acknowledged", "admitted", "conceded", "claimed", "claims",
    "demanded", "demands", "urged", "urges", "testified", "remarked", "observed", "agreed",
    "complained", "joked", "predicted", "cautioned", "emailed", "tweeted", "posted",
    "responded", "answered", "commented", "promised", "pledged", "confirmed", "suggested",
    "concluded", "added", "yelled", "whispered", "recounted", "reiterated", "repeated",
    "maintained", "contended", "acknowledges", "admits", "concedes", "predicts",
];

/// Cues that name rather than report: they only count when the quote follows
/// within a few words ("called the decision "a step backwards"").
pub const WEAK_CUES: &[&str] = &[
    "called", "calls", "call", "calling", "described", "describes", "describe", "dubbed",
    "termed", "labelled", "labeled", "branded",
];

/// Two-word cues: (first, second, what to report as the cue).
pub const MULTI_CUES: &[(&str, &str, &str)] = &[
    ("according", "to", "according to"),
    ("put", "it", "put"),
    ("puts", "it", "puts"),
];

/// How many words may separate a weak cue from its quote.
pub const WEAK_CUE_REACH: usize = 8;

/// Honorifics and ranks written before a name ("Dr.", "Gen.", "Judge").
pub const TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "miss", "mx", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "rev", "sir", "dame", "lord", "lady", "professor", "judge", "coach", "mayor",
    "president", "senator", "governor", "justice", "chancellor", "premier", "ambassador",
];

/// Words that name a job or a relation; they end a role and never belong to a name.
pub const ROLE_WORDS: &[&str] = &[
    "spokeswoman", "spokesman", "spokesperson", "minister", "director", "chair", "chairman",
    "chairwoman", "chairperson", "president", "manager", "adviser", "advisor", "officer",
    "executive", "analyst", "engineer", "coach", "attorney", "judge", "superintendent",
    "curator", "coordinator", "veterinarian", "resident", "volunteer", "chief", "leader",
    "secretary", "commander", "ecologist", "entomologist", "scientist", "researcher",
    "professor", "economist", "author", "beekeeper", "member", "mayor", "governor", "senator",
    "councillor", "councilor", "councilman", "councilwoman", "commissioner", "head", "founder",
    "owner", "partner", "lawyer", "prosecutor", "detective", "inspector", "sergeant",
    "captain", "admiral", "ambassador", "envoy", "diplomat", "official", "representative",
    "deputy", "editor", "reporter", "correspondent", "historian", "teacher", "principal",
    "student", "doctor", "nurse", "surgeon", "physician", "pastor", "priest", "bishop",
    "treasurer", "clerk", "auditor", "trustee", "organiser", "organizer", "activist",
    "campaigner", "ceo", "cfo", "strategist", "consultant", "expert", "specialist", "farmer",
    "shrimper", "forward", "guard", "player", "striker", "goalkeeper", "apprentice", "builder",
    "mother", "father", "son", "daughter", "wife", "husband", "sister", "brother",
    "grandmother", "grandfather", "neighbour", "neighbor", "friend", "worker", "employee",
    "sheriff", "chancellor", "premier", "lieutenant", "colonel", "physicist", "biologist",
    "chemist", "psychologist", "sociologist", "architect", "designer", "novelist", "writer",
    "poet", "artist", "musician", "singer", "actor", "actress", "founder", "investor",
    "trader", "banker", "broker", "planner", "administrator", "supervisor", "foreman",
    "operator", "agent", "inspector", "marshal", "ranger", "warden", "pilot", "driver",
    "mp", "mep", "senator", "congressman", "congresswoman", "lawmaker", "legislator",
    "candidate", "challenger", "incumbent", "spokespeople", "advocate", "counsel",
];

/// Words that make a capitalised run an organisation or a place, not a person.
pub const ORG_WORDS: &[&str] = &[
    "ministry", "department", "agency", "authority", "council", "commission", "committee",
    "association", "union", "society", "institute", "university", "college", "school",
    "company", "corporation", "corp", "inc", "ltd", "llc", "group", "bank", "fund", "board",
    "office", "administration", "government", "house", "court", "police", "army", "navy",
    "party", "campaign", "network", "service", "services", "trust", "foundation", "rail",
    "grid", "press", "news", "times", "post", "channel", "bureau", "center", "centre",
    "hospital", "zoo", "museum", "club", "team", "league", "federation", "organisation",
    "organization", "coalition", "alliance", "firm", "capital", "partners", "holdings",
    "foods", "bakeries", "materials", "city", "street", "avenue", "road", "park", "valley",
    "county", "state", "states", "river", "bay", "lake", "mountain", "island", "kingdom",
    "republic", "york", "district", "region", "province", "station", "terminal", "airport",
    "church", "square", "bridge", "hall", "arena", "stadium", "harbor", "harbour", "port",
    "junction", "drive", "lane", "beach", "coast", "point", "hills", "falls", "creek",
    "review", "journal", "gazette", "herald", "chronicle", "tribune", "radio", "tv",
    "festival", "storm", "internet", "cyber", "army's", "community", "bakery", "cooperative",
    "co-op", "reserve", "exchange", "stock", "index", "airlines", "motors", "energy",
];

/// Words that may stand in for a speaker without naming one ("the report said").
pub const PRONOUNS: &[&str] = &["he", "she", "they", "it", "i", "we", "you"];

/// Pronouns that stand for the writer or the reader: such a speaker is no quote source.
pub const FIRST_PERSON: &[&str] = &["i", "we", "you"];

/// Words that start a noun phrase and close a role or description on the left.
pub const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "its", "their", "our", "my", "this", "that", "one",
];

/// Words that may sit between a speaker and the cue ("Brisk later said").
pub const ADVERBS: &[&str] = &[
    "later", "also", "then", "again", "once", "previously", "recently", "repeatedly", "only",
    "never", "just", "finally", "simply", "has", "had", "have", "reportedly", "earlier",
    "often", "always", "himself", "herself", "quickly", "bluntly", "quietly", "has", "would",
    "will", "had", "wearily", "flatly", "publicly", "privately",
];

/// Function words: a role, name or description never runs across them.
pub const STOP_WORDS: &[&str] = &[
    "and", "or", "but", "that", "which", "who", "whom", "whose", "when", "after", "before",
    "as", "while", "if", "because", "since", "until", "in", "on", "at", "by", "for", "from",
    "with", "to", "of", "into", "over", "about", "than", "what", "where", "how", "why", "is",
    "was", "are", "were", "be", "been", "not", "no", "so", "though", "although", "whether",
    "there", "here", "it", "he", "she", "they", "we", "i", "you", "us", "them", "him",
];

/// Capitalised words that begin sentences or name dates; never the start of a name.
pub const NON_NAME: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "but", "and", "when", "after", "before", "if", "as",
    "for", "from", "with", "by", "to", "of", "this", "that", "these", "those", "it", "its",
    "his", "her", "their", "our", "my", "we", "i", "he", "she", "they", "yesterday", "today",
    "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "meanwhile", "however", "still", "then", "now",
    "last", "next", "every", "each", "some", "many", "most", "all", "no", "not", "both",
    "what", "who", "why", "how", "where", "while", "there", "here", "so", "yet", "instead",
    "asked", "told", "said", "though", "although", "since", "until", "during", "under",
    "over", "about", "according", "despite", "like", "unlike", "between", "among", "q",
];

/// Words that mark a speaker as a woman (for pronoun resolution).
pub const FEMALE: &[&str] = &[
    "she", "her", "woman", "spokeswoman", "chairwoman", "mother", "daughter", "wife",
    "sister", "grandmother", "mrs", "ms", "miss", "aunt", "niece", "councilwoman",
    "businesswoman", "actress", "queen", "princess", "girl", "lady", "dame", "congresswoman",
];

/// Words that mark a speaker as a man (for pronoun resolution).
pub const MALE: &[&str] = &[
    "he", "his", "man", "spokesman", "chairman", "father", "son", "husband", "brother",
    "grandfather", "mr", "uncle", "nephew", "councilman", "businessman", "actor", "king",
    "prince", "boy", "sir", "lord", "congressman",
];

/// Lowercase parts of names that sit between capitalised parts ("Van", "de").
pub const NAME_PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "del", "der", "di", "du", "la", "le", "bin", "al", "ben", "dos",
];

/// Abbreviations whose period does not end a sentence.
pub const ABBREVIATIONS: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt",
    "st", "rev", "jr", "sr", "no", "inc", "co", "corp", "ltd", "mt", "ft", "vs", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "a.m", "p.m", "e.g", "i.e", "ore", "calif", "fla", "mass", "wash",
];

/// Speaker labels of the interviewer in a Q&A layout.
pub const QA_QUESTION_LABELS: &[&str] = &["q", "question", "interviewer"];

fn set(words: &'static [&'static str]) -> HashSet<&'static str> {
    words.iter().copied().collect()
}

/// Lookup sets built once from the tables above.
pub struct Sets {
    /// [`CUES`].
    pub cues: HashSet<&'static str>,
    /// [`WEAK_CUES`].
    pub weak_cues: HashSet<&'static str>,
    /// [`TITLES`].
    pub titles: HashSet<&'static str>,
    /// [`ROLE_WORDS`].
    pub roles: HashSet<&'static str>,
    /// [`ORG_WORDS`].
    pub orgs: HashSet<&'static str>,
    /// [`DETERMINERS`].
    pub determiners: HashSet<&'static str>,
    /// [`ADVERBS`].
    pub adverbs: HashSet<&'static str>,
    /// [`STOP_WORDS`].
    pub stops: HashSet<&'static str>,
    /// [`NON_NAME`].
    pub non_name: HashSet<&'static str>,
    /// [`FEMALE`].
    pub female: HashSet<&'static str>,
    /// [`MALE`].
    pub male: HashSet<&'static str>,
    /// [`ABBREVIATIONS`].
    pub abbreviations: HashSet<&'static str>,
}

/// The tables as hash sets.
pub static SETS: LazyLock<Sets> = LazyLock::new(|| Sets {
    cues: set(CUES),
    weak_cues: set(WEAK_CUES),
    titles: set(TITLES),
    roles: set(ROLE_WORDS),
    orgs: set(ORG_WORDS),
    determiners: set(DETERMINERS),
    adverbs: set(ADVERBS),
    stops: set(STOP_WORDS),
    non_name: set(NON_NAME),
    female: set(FEMALE),
    male: set(MALE),
    abbreviations: set(ABBREVIATIONS),
});
