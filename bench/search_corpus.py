"""Generated job board data for the search benchmark: VA work in English and Indonesian."""

from __future__ import annotations

import random

EN_TASKS = [
    "manage my email inbox", "schedule meetings and calendar", "answer customer emails",
    "update our CRM records", "prepare monthly invoices", "reconcile bank statements in Xero",
    "post daily content on Instagram", "run Facebook ads campaigns", "edit short TikTok videos",
    "write SEO blog articles", "proofread product descriptions", "list products on Shopify",
    "process online orders", "research potential leads", "build lead lists from LinkedIn",
    "enter data into spreadsheets", "clean up a Google Sheets database", "book travel and hotels",
    "take meeting notes", "design Canva graphics", "create presentation slides",
    "handle live chat support", "manage helpdesk tickets", "track project tasks in Notion",
    "coordinate a remote team", "prepare weekly reports", "run payroll for a small team",
    "translate documents from English to Indonesian", "moderate our online community",
    "scrape competitor prices", "manage marketplace listings on Tokopedia and Shopee",
]
ID_TASKS = [
    "mengelola kotak masuk email", "mengatur jadwal rapat dan kalender",
    "membalas email pelanggan", "memperbarui data CRM", "membuat faktur bulanan",
    "mencocokkan laporan bank", "mengunggah konten harian di Instagram",
    "menjalankan iklan Facebook", "mengedit video pendek TikTok", "menulis artikel blog SEO",
    "mengoreksi deskripsi produk", "mengunggah produk ke Shopify", "memproses pesanan online",
    "mencari calon pelanggan", "memasukkan data ke spreadsheet", "merapikan database Google Sheets",
    "memesan tiket perjalanan dan hotel", "membuat notulen rapat", "mendesain grafis di Canva",
    "membuat slide presentasi", "menangani live chat pelanggan", "mengelola tiket helpdesk",
    "melacak tugas proyek di Notion", "mengoordinasikan tim jarak jauh", "menyusun laporan mingguan",
    "menerjemahkan dokumen bahasa Inggris ke Indonesia", "mengelola toko di Tokopedia dan Shopee",
]
EN_ROLES = ["Virtual assistant", "Executive assistant", "Admin assistant", "Social media manager",
            "Bookkeeper", "Customer support agent", "Content writer", "Data entry specialist",
            "E-commerce assistant", "Research assistant", "Project coordinator", "Graphic designer"]
ID_ROLES = ["Asisten virtual", "Asisten admin", "Admin media sosial", "Staf pembukuan",
            "Customer service online", "Penulis konten", "Staf input data", "Admin toko online",
            "Asisten riset", "Koordinator proyek", "Desainer grafis"]
EN_FILLER = [
    "We are a growing {biz} looking for a reliable and detail oriented person.",
    "You will work about {hours} hours per week, mostly during {zone} business hours.",
    "Good written English and fast response times are essential.",
    "Experience with {tool} is a big plus but we can train the right person.",
    "Please start your quote with your favourite productivity tool so we know you read this.",
    "This is a long term role for someone who communicates clearly and meets deadlines.",
    "We use Slack, Google Workspace and {tool} every day.",
    "Share examples of similar work and your availability.",
]
ID_FILLER = [
    "Kami adalah {biz} yang sedang berkembang dan mencari orang yang teliti dan dapat dipercaya.",
    "Anda akan bekerja sekitar {hours} jam per minggu, terutama pada jam kerja {zone}.",
    "Komunikasi yang jelas dan respon cepat sangat penting.",
    "Pengalaman dengan {tool} menjadi nilai tambah, tetapi kami bisa memberikan pelatihan.",
    "Ini adalah pekerjaan jangka panjang untuk orang yang disiplin dan tepat waktu.",
    "Kami menggunakan WhatsApp, Google Workspace dan {tool} setiap hari.",
    "Sertakan contoh pekerjaan serupa dan waktu luang Anda.",
]
BUSINESSES = ["online store", "marketing agency", "real estate team", "dental clinic", "startup",
              "coaching business", "law firm", "coffee roastery", "travel agency", "podcast"]
ID_BUSINESSES = ["toko online", "agensi pemasaran", "klinik gigi", "startup", "usaha kuliner",
                 "biro perjalanan", "kantor notaris", "brand fashion lokal"]
TOOLS = ["QuickBooks", "Xero", "HubSpot", "Asana", "Trello", "Notion", "Canva", "Shopify",
         "Zendesk", "Airtable", "Hootsuite", "ClickUp", "Jurnal.id", "Mailchimp"]
ZONES = ["US Eastern", "Australian", "UK", "Singapore", "WIB", "Pacific"]
QUERY_WORDS = [
    "email", "calendar", "invoice", "xero", "quickbooks", "instagram", "facebook ads", "tiktok",
    "seo", "blog", "shopify", "orders", "leads", "linkedin", "data entry", "spreadsheet",
    "google sheets", "travel", "canva", "slides", "live chat", "helpdesk", "notion", "payroll",
    "translate", "tokopedia", "shopee", "virtual assistant", "bookkeeper", "customer support",
    "asisten virtual", "media sosial", "pembukuan", "faktur", "laporan", "pelanggan", "konten",
    "desain", "rapat", "jadwal", "toko online", "admin", "research", "video", "proofread",
    "crm", "hubspot", "zendesk", "presentation", "weekly reports", "emai", "spread", "inst",
    "dental clinic", "real estate", "penulis", "notulen", "marketplace",
]


def job_text(rng: random.Random) -> tuple[str, str]:
    """A (title, description) pair; about 40% of jobs are written in Indonesian."""
    indonesian = rng.random() < 0.4
    tasks, roles, filler, biz = ((ID_TASKS, ID_ROLES, ID_FILLER, ID_BUSINESSES) if indonesian
                                 else (EN_TASKS, EN_ROLES, EN_FILLER, BUSINESSES))
    main, extra = rng.sample(tasks, 2)
    role = rng.choice(roles)
    title = (f"{role} untuk {main}" if indonesian else f"{role} to {main}")[:120]
    parts = [rng.choice(filler) for _ in range(rng.randint(2, 4))]
    lead = (f"Kami butuh bantuan untuk {main} dan {extra}." if indonesian
            else f"We need help to {main} and {extra}.")
    body = " ".join([lead, *parts]).format(biz=rng.choice(biz), hours=rng.choice([5, 10, 20, 30, 40]),
                                           tool=rng.choice(TOOLS), zone=rng.choice(ZONES))
    return title, body


def query_params(rng: random.Random, categories: list[str], skills: list[str]) -> dict[str, str]:
    """URL parameters of one realistic board search (text, filters, sort, page)."""
    params: dict[str, str] = {}
    if rng.random() < 0.75:
        params["q"] = " ".join(rng.sample(QUERY_WORDS, rng.choice([1, 1, 1, 2])))
    if rng.random() < 0.3:
        params["category"] = rng.choice(categories)
    if rng.random() < 0.15:
        params["skills"] = ",".join(rng.sample(skills, rng.randint(1, 2)))
    if rng.random() < 0.25:
        params["type"] = rng.choice(["fixed", "hourly"])
    if rng.random() < 0.4:
        params["currency"] = rng.choice(["USD", "USD", "IDR"])
        if rng.random() < 0.6:
            low = rng.choice([5_000, 20_000, 100_000]) * (150 if params["currency"] == "IDR" else 1)
            params["min"] = str(low)
            params["max"] = str(low * rng.choice([2, 5, 20]))
    if rng.random() < 0.3:
        params["posted"] = str(rng.choice([1, 3, 7, 14, 30]))
    if rng.random() < 0.15:
        params["pilot"] = "1"
    if rng.random() < 0.15:
        params["fewest"] = "1"
    params["sort"] = rng.choice(["relevance"] * 4 + ["newest"] * 2 + ["budget_high", "budget_low"])
    params["page"] = str(rng.choice([1] * 7 + [2, 3, 5]))
    return params
