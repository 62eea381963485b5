"""The cue phrases design mode looks for. Data only: add a phrase here, not a branch in code.

A cue is space-separated words; `word*` matches any word starting with `word`, and `...`
lets up to three words sit between its neighbours ("answers ... questions").
"""

from __future__ import annotations

# What the agent's tools can do, from least to most risky. The order is the risk order.
ACTION_KINDS = ("read-only", "mutating", "external-send", "destructive", "money")

ACTION_CUES: dict[str, tuple[str, ...]] = {
    "read-only": (
        "answer*", "look* up", "lookup*", "search*", "read", "reads", "reading", "retriev*",
        "summari*", "explain*", "quer*", "find*", "fetch*", "browse*", "recommend*",
        "check* ... status", "monitor*", "watch*", "inspect*", "analy*", "review*", "triag*",
        "diagnos*", "investigat*", "classif*", "categori*", "extract*",
    ),
    "mutating": (
        "creat*", "updat*", "edit*", "edits", "modif*", "write", "writes", "writing", "rewrit*",
        "chang*", "book*", "reserv*", "assign*", "label*", "tag*", "commit*", "open* ... pull request*",
        "creat* ... pull request*", "open* ... pr", "open* ... prs", "creat* ... prs", "push", "pushes", "pushing", "merg*", "insert*", "save*", "upload", "uploads", "uploading", "fix*", "refactor*", "implement*",
        "patch*", "migrat*", "file* ... ticket*", "open* ... ticket*", "close* ... ticket*",
        "escalat*", "approv* ... request*", "add* ... record*", "add* ... row*", "enter* ... data",
        "fill* ... form*", "submit*", "generat* ... code", "install*", "configur*", "scale up",
        "scale down", "resiz*", "provision*", "rotat*", "apply* ... change*", "run* ... test*",
    ),
    "destructive": (
        "delet*", "remov*", "drop*", "wip*", "purg*", "truncat*", "overwrit*", "destroy*",
        "terminat*", "kill*", "force push*", "force-push*", "rm", "shell", "bash", "terminal",
        "run* ... command*", "execut* ... command*", "execut* ... code", "run* ... code",
        "run* ... script*", "restart*", "reboot*", "shut* down", "shutdown", "roll* back",
        "rollback*", "deploy*", "revok*", "cancel*", "close* ... account*", "disabl* ... account*",
        "ban*", "suspend*", "archiv*", "reset*", "sudo", "ssh", "kubectl", "terraform apply",
        "run* python", "execut* python", "run* sql", "execut* sql", "run* ... queries",
        "shell command*", "run* ... migration*", "appl* ... migration*", "unlock* ... account*",
    ),
    "external-send": (
        "send*", "email*", "e-mail*", "mail*", "messag*", "notif*", "post", "posts", "posting",
        "sms", "text* ... customer*", "tweet*", "publish*", "webhook*", "outreach",
        "contact* ... customer*", "invit*", "reply* ... email*", "respond* ... email*",
        "page* ... on-call", "page* ... oncall", "alert* ... team*", "broadcast*", "newsletter*",
    ),
    "money": (
        "payment*", "pay", "pays", "paying", "paid", "refund*", "charg*", "invoic*", "billing",
        "bill*", "transfer* ... fund*", "transfer* ... money", "wire*", "purchas*", "buy*",
        "payout*", "credit* ... account*", "stripe", "checkout",
        "expens*", "reimburs*", "trade*", "trading", "crypto*", "wallet*", "payroll",
        "discount*", "coupon*", "send* money", "mov* money", "spend*", "order* ... suppl*",
    ),
}

# Money words that are nouns as often as acts ("the Stripe customer", "their last invoices"):
# they count as a money action only after a verb that acts on them ("schedules payment",
# "processes invoices"); "pay", "refund", "charge" are acts on their own.
MONEY_NOUNS = ("payment*", "invoic*", "billing", "bill*", "stripe", "checkout", "wallet*",
               "crypto*", "expens*", "payroll", "discount*", "coupon*", "purchas*", "payout*")
MONEY_VERBS = ("issu", "make", "mak", "process", "schedul", "send", "approv", "execut", "place",
               "handl", "initiat", "trigger", "submit", "creat", "apply", "collect", "accept",
               "authori", "releas", "settl", "pay", "move", "reimburs", "book", "run", "automat",
               "grant", "give", "offer", "buy", "purchas")
# "read-only" is about the whole agent only beside these (or after "is", "be", "stays"...);
# "read-only diagnostics", "(read-only, with a LIMIT)" scope it to one tool.
READ_ONLY_AGENT_NOUNS = ("agent", "assistant", "bot", "chatbot", "copilot", "access", "mode", "user",
                         "helper", "tool", "tools", "integration", "service", "app", "role")
READ_ONLY_AGENT_BEFORE = ("is", "be", "stays", "remains", "strictly", "completely", "fully", "purely",
                          "entirely", "a", "an", "it's", "always")

# Phrases that say outright that the agent changes nothing.
EXPLICIT_READ_ONLY = (
    "read only", "readonly", "read-only", "only read*", "view only", "view-only",
    "informational only", "only answer*", "just answer*", "no side effects", "no write access",
    "never chang* anything", "never modif* anything", "doesn't chang* anything",
    "does not chang* anything", "can't chang* anything", "cannot chang* anything",
)

SHAPES = (
    "chat-assistant", "workflow-orchestrator", "code-agent", "ops-agent", "internal-copilot",
    "embedded-feature",
)
HYBRID = "hybrid"

# (cue, weight). A weight of 3 is a phrase that names the shape outright.
SHAPE_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "chat-assistant": (
        ("chat*", 3), ("chatbot*", 3), ("bot", 2), ("bots", 2), ("assistant*", 2),
        ("convers*", 2), ("answer* ... question*", 3), ("faq*", 3), ("customer* support", 3),
        ("support", 1), ("help desk", 2), ("helpdesk", 2), ("website", 1), ("widget", 1),
        ("discord", 2), ("users ask", 2), ("customers ask", 2), ("talk* to", 1),
    ),
    "workflow-orchestrator": (
        ("workflow*", 3), ("pipeline*", 3), ("approval*", 2), ("approv*", 1), ("multi-step", 2),
        ("multi step", 2), ("steps", 1), ("stage*", 1), ("orchestrat*", 3), ("onboard*", 2),
        ("batch*", 2), ("queue*", 2), ("every night", 2), ("nightly", 2), ("cron", 3),
        ("schedul*", 1), ("back office", 2), ("back-office", 2), ("backoffice", 2), ("invoic*", 2),
        ("expens*", 1), ("claims", 2), ("purchase order*", 2), ("procurement", 2),
        ("process* ... request*", 2), ("processes", 1), ("processing", 1), ("state machine", 3),
        ("hand* off", 1), ("sign-off", 2), ("sign off", 2), ("reconcil*", 2),
    ),
    "code-agent": (
        ("code", 3), ("coding", 3), ("codebase*", 3), ("repo", 3), ("repos", 3), ("repositor*", 3),
        ("pull request*", 3), ("pr", 2), ("prs", 2), ("refactor*", 3), ("bug*", 2),
        ("unit test*", 3), ("test suite*", 3), ("compil*", 2), ("lint*", 2), ("programming", 3),
        ("github", 2), ("gitlab", 2), ("git", 2), ("ci", 1), ("python", 1), ("typescript", 1),
        ("javascript", 1), ("developer*", 1), ("code review*", 3), ("source file*", 2),
        ("stack trace*", 2), ("commit*", 2),
    ),
    "ops-agent": (
        ("incident*", 3), ("alert*", 2), ("on-call", 3), ("oncall", 3), ("server*", 2),
        ("kubernetes", 3), ("k8s", 3), ("pod*", 2), ("restart*", 2), ("deploy*", 2),
        ("infra*", 3), ("devops", 3), ("sre", 3), ("outage*", 3), ("logs", 1), ("pager*", 2),
        ("pagerduty", 3), ("runbook*", 3), ("cluster*", 2), ("terraform", 3), ("aws", 2),
        ("cloud", 1), ("ops", 3), ("operations", 1), ("monitoring", 2), ("uptime", 2),
        ("latency", 1), ("database*", 1), ("services", 1),
    ),
    "internal-copilot": (
        ("internal", 3), ("employee*", 2), ("staff", 2), ("our team", 2), ("colleague*", 2),
        ("copilot", 3), ("co-pilot", 3), ("sales team", 2), ("analyst*", 2), ("hr", 2),
        ("intranet", 3), ("wiki", 2), ("confluence", 2), ("notion", 1), ("coworker*", 2),
        ("teammate*", 2), ("our engineers", 2), ("knowledge base", 1),
    ),
    "embedded-feature": (
        ("feature", 2), ("in our app", 3), ("inside our app", 3), ("in our product", 3),
        ("button", 3), ("autocomplet*", 3), ("auto-complet*", 3), ("classif*", 2),
        ("extract*", 2), ("one-shot", 3), ("one shot", 3), ("single call", 3), ("endpoint", 2),
        ("api endpoint", 3), ("categori*", 2), ("product page*", 2), ("inline", 2),
        ("each ... upload*", 2), ("each ... submission*", 2), ("per request", 2), ("tagging", 2),
    ),
}

AUTONOMY_CUES = {
    "autonomous": (
        "autonomous*", "unattended", "on its own", "by itself", "fully automat*", "automatic*",
        "auto-approv*", "auto-merg*", "auto-repl*", "auto-remediat*", "auto-fix*", "auto-clos*",
        "in the background", "background job*", "overnight", "nightly", "every night",
        "every hour", "every day", "at night", "cron", "24/7", "around the clock", "self-serve",
        "without ... supervision", "hands-off", "lights-out", "when an alert fires", "triggered by",
    ),
    "human-in-the-loop": (
        "approval*", "approv* by", "human* approv*", "manager* approv*", "needs ... approv*",
        "requires ... approv*", "require* ... approv*", "must ... approv*", "confirmation*",
        "user* confirm*", "ask* ... to confirm", "confirm* with", "human review*",
        "review* by", "reviewed by", "manual review*", "for review", "sign-off", "sign off",
        "human*", "person", "supervis*", "asks before", "ask* ... before", "ask* ... permission",
        "suggest*", "draft*", "propos*", "copilot", "co-pilot", "in the loop", "oversight",
        "operator*", "click* ... approve", "hand* ... to a human",
    ),
}

SESSION_LENGTHS = ("single-turn", "short", "long", "multi-day")
SESSION_CUES = {
    "single-turn": (
        "one-shot", "one shot", "single call", "single request", "one request", "each request",
        "per request", "stateless", "autocomplet*", "classif* each", "tag* each", "each ... upload*",
    ),
    "short": (
        "quick", "short", "chat*", "question*", "faq*", "conversation*", "a few minutes",
        "minutes",
    ),
    "long": (
        "long-running", "long running", "hours", "multi-step", "multi step", "refactor*",
        "migrat*", "large codebase*", "many steps", "research", "overnight", "long conversation*",
        "long session*", "all day", "whole codebase", "entire codebase", "investigat*",
        "end to end", "end-to-end",
    ),
    "multi-day": (
        "days", "weeks", "multi-day", "multi day", "wait* for approval", "wait* on",
        "waiting on", "wait* for ... reply", "wait* for ... response", "follow* up",
        "follow-up*", "until ... paid", "resum*", "across sessions", "pick* up where",
        "remember* ... previous", "long-lived", "over time", "next week", "month-end",
        "month end",
    ),
}

SCALES = ("personal", "team", "organisation", "public")
SCALE_CUES = {
    "personal": ("personal", "myself", "for me", "my own", "hobby", "side project", "just me"),
    "team": ("our team", "team", "teams", "internal", "employee*", "staff", "on-call", "engineers",
             "colleague*", "small business"),
    "organisation": ("company-wide", "whole company", "enterprise", "all employees",
                     "organisation*", "organization*", "across teams", "hundreds of employees",
                     "every department", "department*"),
    "public": ("customer*", "public", "website", "thousand*", "million*", "at scale",
               "high volume", "high-volume", "saas", "consumer*", "app users", "every user",
               "all users", "shoppers", "visitors", "patients", "students", "citizens"),
}

USER_CUES = (
    ("customers", ("customer*", "shoppers", "buyers", "clients", "visitors")),
    ("engineers", ("developer*", "engineer*", "programmer*", "sre", "devops", "on-call")),
    ("internal staff", ("employee*", "staff", "colleague*", "our team", "internal", "analyst*",
                        "accountant*", "finance team", "support agents", "coworker*")),
    ("end users", ("users", "members", "patients", "students", "citizens", "public")),
)

MULTI_AGENT_CUES = (
    "multi-agent", "multi agent", "multiagent", "multiple agents", "several agents", "many agents",
    "team of agents", "agent team*", "swarm*", "crew of", "crewai", "sub-agent*", "subagent*",
    "agent hierarchy", "hierarchy of agents", "orchestrator agent", "manager agent*",
    "supervisor agent*", "planner agent*", "worker agent*", "critic agent*", "researcher agent*",
    "writer agent*", "reviewer agent*", "fleet of agents", "society of agents",
    "agents ... coordinat*", "agents ... collaborat*", "agents ... talk*", "agents ... negotiat*",
    "agents ... delegat*", "agents ... each other", "two agents", "three agents", "four agents",
    "five agents", "ten agents", "dozens of agents", "hundreds of agents", "agent network*",
    "network of agents", "autonomous agents", "specialist agents", "specialized agents",
    "specialised agents", "a2a", "team of ... agents", "six agents", "seven agents", "eight agents",
    "nine agents", "twelve agents", "each other", "one agent per", "an agent per", "an agent for each",
)

# "about 300 small internal service repos", "around 2,000 insurance claim PDFs": how much work one
# run or batch covers, which sizes its budgets.
VOLUME = r"\b(?:about |around |roughly |some |over |up to |~)?\d[\d,]*\+? (?:[A-Za-z-]+ ){0,3}?(?:[a-z]+s)\b(?: (?:a|per|each|every) (?:day|week|night|month|hour))?"

DURATION = r"(?:\S+ )?\d[\d,]*\+? (?:minutes|hours|days|weeks|months|years|seconds)\b"

# Needs beyond the basic profile, each a reason to bring a later primitive forward.
SIGNAL_CUES = {
    "streaming": (
        "stream*", "real-time", "realtime", "real time", "live", "token by token", "typing",
        "show* progress", "progress updates", "websocket*", "voice", "watch* ... work",
        "server-sent", "sse", "dashboard*", "progress",
    ),
    "audit": (
        "audit*", "complian*", "regulat*", "soc 2", "soc2", "hipaa", "gdpr", "pci", "sox",
        "who approved", "accountab*", "traceab*", "legal", "finra", "kyc", "aml",
    ),
    "many-tools": (
        "plugin*", "many tools", "dozens of tools", "hundreds of tools", "lots of tools",
        "integrations", "per tenant", "per-tenant", "per customer", "per-customer",
        "multi-tenant", "multitenant", "different modes", "modes", "mcp", "roles and permissions",
        "permission levels", "tool marketplace", "any api", "many apis",
    ),
    "long-context": (
        "long conversation*", "large document*", "long document*", "entire codebase",
        "whole codebase", "large codebase*", "lots of context", "history", "hundreds of pages",
        "long thread*", "transcripts",
    ),
    "durable": (
        "resum*", "crash*", "reliab*", "durable", "persist*", "remember*", "pick* up where",
        "survive*", "recover*", "restartable",
    ),
    "retries": (
        "retr*", "idempot*", "exactly once", "exactly-once", "twice", "double charg*",
        "duplicate*", "at most once",
    ),
}

OVER_AMBITION_CUES = (
    "self-improv*", "self improv*", "self-modif*", "self modif*", "writes its own tools",
    "write its own tools", "creates its own tools", "create its own tools", "learns new tools",
    "plugin marketplace", "tool marketplace", "agent marketplace", "any task", "do anything",
    "does anything", "general purpose", "general-purpose", "agi", "replace our whole team",
    "replace the whole team", "fully replace", "spawn* ... agents", "recursive* ... agents",
    "tool* itself", "to its toolbox", "its own tool*", "writ* ... new tool*", "generat* ... new tool*",
)

# Limits on an action. Words up to four before an amount say which side of it a clause is about
# ("up to $50", "over $5,000"); words just after can too ("$50 or less").
LIMIT_BELOW = ("up to", "under", "below", "less than", "at most", "no more than", "maximum", "max",
               "within", "lower than", "smaller than", "not exceeding", "capped at", "limit of",
               "limited to", "<=", "<")
LIMIT_BELOW_AFTER = ("or less", "or under", "and under", "and below", "or below", "or lower")
LIMIT_ABOVE = ("over", "above", "more than", "greater than", "exceed*", "bigger than", "larger than",
               "beyond", "higher than", "in excess of", ">", ">=")
LIMIT_ABOVE_AFTER = ("or more", "and above", "and up", "or above", "or higher", "plus")
# What happens on the side a clause names, strongest first in `limits._DECISIONS`.
LIMIT_DECISIONS = {
    "deny": ("never", "must not", "may not", "mustn't", "cannot", "can't", "not allowed", "forbidden",
             "no single", "may ever", "prohibited", "refuse*", "reject*", "block*"),
    "human": ("approv*", "approval*", "sign-off", "sign off", "signoff", "ok", "okay", "confirm*",
              "review*", "human*", "manager*", "goes to", "go to", "routed to", "route* to", "escalat*",
              "hand* off", "handed to", "needs my", "need my", "ask*", "person", "someone", "authoris*",
              "authoriz*", "second sign-off", "permission"),
    # "without human review", "automatically approve": the agent decides; checked before `human`.
    "unattended": ("without approv*", "without asking", "without review*", "without human*", "without a human",
                   "without confirmation", "without sign-off", "without any", "automatically approv*",
                   "auto-approv*"),
    "auto": ("automatic*", "auto", "autonomous*", "on its own", "by itself", "without approval",
             "without asking", "without review", "directly", "immediately", "instantly", "straight away"),
}
# A following clause that decides the other side: "...; anything else goes to our AP clerk".
LIMIT_OTHERWISE = ("anything else", "everything else", "otherwise", "the rest", "all other*", "anything above",
                   "anything over", "anything more", "anything bigger", "anything larger", "bigger ones",
                   "larger ones", "smaller ones", "smaller", "lower ones", "above that", "over that", "anything below",
                   "anything under")
# Clauses with an amount and one of these are a spending cap for the budget, not an approval rule.
SPEND_WORDS = ("cost*", "spend*", "burn*", "budget*", "bill", "token*", "api bill", "llm bill")
SPEND_PER = ("question", "run", "night", "day", "ticket", "task", "request", "month", "week", "job",
             "session", "conversation", "claim", "invoice", "repo", "page")
# Who approves, named in a clause. `who` is what the plan quotes.
APPROVER_PATTERNS = (
    r"(?:needs?|requires?|waits? for|wait for|ask|asks) (?P<who>my|me)\b",
    r"\b(?P<who>I) (?:want to |will |must |have to |need to )?(?:approve|sign off|review|confirm)\b",
    r"approv\w* by (?P<who>(?:[A-Za-z][\w'-]*)(?: (?:in|from|on|of|or) [A-Za-z][\w'-]*|\s(?!who\b|within\b|before\b|via\b|in\b|over\b|by\b|through\b|and\b|to\b)[A-Za-z][\w'-]*){0,3})",
    r"(?:sign-?offs?|approvals?|ok|okay|confirmations?) (?:from|by) (?!SMS\b|Slack\b|e-?mail\b|text\b|phone\b)(?P<who>(?:the |our |a |an )?[A-Za-z][\w'-]*(?: (?!before\b|within\b|via\b|in\b)[a-z][\w'-]*)?)",
    r"(?P<who>(?:the |our |a |an )?(?:[A-Za-z][\w-]* ){0,2}[A-Za-z][\w-]*)'s (?:approval|ok|okay|sign-?off|confirmation|review)",
    r"(?:goes|go|routed|escalated?|handed?(?: off)?|sent) to (?P<who>(?:the |our |a |an )?(?:[A-Za-z][\w-]* ){0,2}(?:clerk|manager|human|team|engineer|admin|lead|head|reviewer|dba|person|on[- ]call|owner|adjuster|supervisor|officer|[A-Z][a-z]+))",
    r"(?:needs?|waits? for|requires?) (?:a |an |the |our )?(?P<who>[A-Za-z][\w-]*(?: [a-z][\w-]*)?(?: \([^)]{1,40}\))?) to (?:approve|type|confirm|sign|ok)",
    r"(?P<who>(?:a |an |the |our )?(?:human|manager|engineer|clinician|reviewer|dba|admin|clerk|lead|person|[A-Z][a-z]+)) (?:approves|confirms|signs off|reviews)",
    r"(?:needs?|requires?) (?P<who>(?:the |our |a |an )(?:[A-Za-z][\w-]* ){0,2}(?:lead|manager|head|clerk|owner|admin|dba|officer|supervisor|director|reviewer|approver))\b",
)
# A named approver is a person or a role: one of these, or a capitalised name ("Dana").
APPROVER_ROLES = ("clerk", "manager", "human", "team", "engineer", "admin", "lead", "head", "reviewer", "dba",
                  "person", "on-call", "oncall", "owner", "adjuster", "supervisor", "officer", "clinician",
                  "director", "cfo", "ceo", "cto", "finance", "accountant", "approver", "operator", "you",
                  "security", "legal", "compliance", "dm", "editor", "analyst", "doctor", "nurse", "agent on duty")
APPROVAL_CHANNEL = (r"\b(?:in|via|by|over|through|on|with) (?:a |an |the )?(?P<via>Slack(?: button)?|SMS|text message|"
                    r"e-?mail|Teams|the console|a console|Discord|WhatsApp|phone|the UI|a button|a form|Jira|PagerDuty)\b")

# Content the agent reads that someone outside the team can write: an injection source.
UNTRUSTED_SOURCES = {
    "the web": ("web", "internet", "web page*", "webpage*", "websites", "online", "browse*", "search* the web",
                "pubmed", "google", "urls", "links", "public pages", "pages"),
    "e-mail": ("email*", "e-mail*", "inbox*", "mail", "gmail", "outlook", "attachments"),
    "tickets and chat": ("ticket*", "chat", "helpdesk", "zendesk", "intercom", "slack message*", "discord",
                         "customer message*", "support request*", "refund request*", "issues", "comments",
                         "reviews", "forms", "briefs", "requests"),
    "uploaded files": ("pdf*", "upload*", "csv*", "paste*", "documents from", "files from", "spreadsheet*",
                       "attachment*", "scans", "receipts"),
    "outside senders": ("stranger*", "outside sender*", "external sender*", "anyone", "the public",
                        "third part*", "supplier*", "vendor*", "clients"),
}
# Data that must not leak through what the agent can send or fetch.
SENSITIVE_DATA = ("patient*", "phi", "chart", "medical", "health record*", "pii", "personal data", "password*",
                  "credential*", "salar*", "confidential", "private", "bank detail*", "ssn", "social security",
                  "customer data", "financial data", "secrets", "hipaa", "gdpr")
# Something reads the untrusted part while something else acts: a reason for a split (P12).
BOUNDARY_PATTERNS = (
    r"\b(?:whatever|anything|nothing|the part|the component|the step|the model|the process|whichever|the agent)"
    r"(?: that)? (?:reads|touches|sees|can reach|reaches|handles|parses|processes|opens)\b[^.;]{0,80}?"
    r"\b(?:no access|never see|ever see|must not see|cannot see|can't see|never touch|no tools|isolated|separate)",
    r"\b(?:must|should) (?:be )?(?:isolated|kept apart|separated) from\b",
    r"\bnothing that can (?:reach|access|call|see)\b",
)
# Work that waits on a person or an outside party.
WAIT_CUES = ("wait*", "within a day", "days", "weeks", "replies", "quotes", "maintenance window", "approve on",
             "answers in", "gets back", "get back")
# Sessions measured in hours of interactive work.
HOURS_CUES = ("hours", "hour-long", "hours-long", "all day", "long debugging", "long session*", "four to six hours",
              "whole day", "marathon", "pair in the terminal", "pair programming", "by hour")
# Production data that the agent changes.
PRODUCTION_CUES = ("production", "prod", "live database", "live data", "customer database", "primary database")
DATA_CUES = ("database*", "db", "schema*", "migration*", "table*", "data", "records", "rows", "accounts",
             "passwords", "password", "postgres", "mysql", "warehouse")
CODE_EXECUTION_CUES = ("shell", "bash", "terminal", "command*", "run* python", "execut* python", "run* code",
                       "execut* code", "script*", "pytest", "kubectl", "sql", "notebook*", "jupyter",
                       "subprocess", "git commit*", "run* ... test*")
