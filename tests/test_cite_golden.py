"""Golden citations (issue 8, item 4): for AMA 11th, Vancouver (NLM, Citing Medicine) and APA 7th,
one test per kind of source, comparing the whole string pandoc citeproc formats with a published
example of the style. Each fixture Reference mirrors the example's own data; each docstring
names the page the example was read on.

Where the engine's string departs from the example and the departure is neither a clear bug of
the engine nor of the CSL style (for instance a field our model does not hold, such as an
"Updated" date or a page count), the test records it as expected: DIFFERENCES lists each pair
(the manual's text, the engine's text) with the reason, and the test asserts that the manual's
string with exactly those replacements is what the engine writes, so a new departure fails."""

from __future__ import annotations

from pathlib import Path

from graph import cite
from graph.cite import Style
from graph.model import Design, Position, Reference, RefKey


def _ref(key: str, entry_type: str = "article", **fields: object) -> Reference:
    base: dict[str, object] = {
        "key": RefKey(key),
        "entry_type": entry_type,
        "authors": (),
        "title": "",
        "container": "",
        "year": "",
        "volume": "",
        "number": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "url": "",
        "urldate": "",
        "publisher": "",
        "design": Design.NARRATIVE_REVIEW,
        "checked": None,
        "note": "",
        "bibtex": "",
        "position": Position(Path("golden.bib"), 1),
    }
    base.update(fields)
    return Reference(**base)  # type: ignore[arg-type]


def _check(ref: Reference, style: Style, manual: str, differences: tuple[tuple[str, str, str], ...] = ()) -> None:
    expected = manual
    for theirs, ours, _why in differences:
        assert theirs in expected, f"recorded difference no longer applies: {theirs!r}"
        expected = expected.replace(theirs, ours)
    assert cite.format_all([ref], style)[ref.key] == expected


# --------------------------------------------------------------------------------------------
# AMA Manual of Style, 11th edition


def test_ama_journal_article_one_author() -> None:
    """AMA 11th, one author; example as given in the California State University, Sacramento
    library's AMA guide (csus.libguides.com/AMA/articles, "One Author")."""
    ref = _ref("stjohnsmith2018", authors=("St John Smith, E. P.",), title="Advances in understanding nociception and neuropathic pain", container="J Neurol", year="2018", volume="265", number="2", pages="231-238", doi="10.1007/s00415-017-8641-6")
    _check(ref, Style.AMA, "St John Smith EP. Advances in understanding nociception and neuropathic pain. J Neurol. 2018;265(2):231-238. doi:10.1007/s00415-017-8641-6")


def test_ama_journal_article_six_authors_all_listed() -> None:
    """AMA 11th lists all authors up to six; the six-author example given on the LSMU library's
    citation page (lsmu.lt/en/library/training/), in AMA 11th's journal pattern (3.11)."""
    ref = _ref(
        "tian2023",
        authors=("Tian, Ye E.", "Cropley, Vanessa", "Maier, Andrea B.", "Lautenschlager, Nicola T.", "Breakspear, Michael", "Zalesky, Andrew"),
        title="Heterogeneous aging across multiple organ systems and prediction of chronic disease and mortality",
        container="Nat Med",
        year="2023",
        volume="29",
        number="5",
        pages="1221-1231",
        doi="10.1038/s41591-023-02296-6",
    )
    _check(ref, Style.AMA, "Tian YE, Cropley V, Maier AB, Lautenschlager NT, Breakspear M, Zalesky A. Heterogeneous aging across multiple organ systems and prediction of chronic disease and mortality. Nat Med. 2023;29(5):1221-1231. doi:10.1038/s41591-023-02296-6")


def test_ama_journal_article_seven_or_more_authors() -> None:
    """AMA 11th: more than six authors, the first three and "et al"; example from the CSUS AMA
    guide ("Seven or More Authors"). The example shows only the first three names, which is all
    the style prints; the fixture's fourth to seventh names are placeholders."""
    names = ("Adams, P. R.", "Altes, A.", "Brissot, P.", "Fourth, A.", "Fifth, A.", "Sixth, A.", "Seventh, A.")
    ref = _ref("adams2018", authors=names, title="Therapeutic recommendations in HFE hemochromatosis for p.Cys282Tyr (C282Y/C282Y) homozygous genotype", container="Hepatol Int", year="2018", volume="12", number="2", pages="83-86", doi="10.1007/s12072-018-9855-0")
    _check(ref, Style.AMA, "Adams PR, Altes A, Brissot P, et al. Therapeutic recommendations in HFE hemochromatosis for p.Cys282Tyr (C282Y/C282Y) homozygous genotype. Hepatol Int. 2018;12(2):83-86. doi:10.1007/s12072-018-9855-0")


def test_ama_organisation_as_author() -> None:
    """AMA 11th, group author; example from the CSUS AMA guide ("Group/Organization/Government
    Author")."""
    ref = _ref("uspstf2020", authors=("US Preventive Services Task Force",), title="Primary care–based interventions to prevent illicit drug use in children, adolescents, and young adults: US Preventive Services Task Force recommendation statement", container="JAMA", year="2020", volume="323", number="20", pages="2060-2066", doi="10.1001/jama.2020.6774")
    _check(
        ref,
        Style.AMA,
        "US Preventive Services Task Force. Primary care–based interventions to prevent illicit drug use in children, adolescents, and young adults: US Preventive Services Task Force recommendation statement. JAMA. 2020;323(20):2060–2066. doi:10.1001/jama.2020.6774",
        (("2060–2066", "2060-2066", "the guide's page range has an en dash; AMA 11th (3.11) and the engine join pages with a hyphen"),),
    )


def test_ama_web_page_with_accessed_date() -> None:
    """AMA 11th, web page of an organisation; example from the University of Southern Indiana's
    AMA guide (usi.libguides.com/citingsources/ama)."""
    ref = _ref("nida2018", entry_type="online", authors=("National Institute on Drug Abuse",), title="Understanding drug use and addiction", container="National Institute on Drug Abuse website", year="", url="https://example.org/understanding-drug-use", urldate="2018-09-04", design=Design.ORGANISATION_PAGE)
    _check(
        ref,
        Style.AMA,
        "National Institute on Drug Abuse. Understanding drug use and addiction. National Institute on Drug Abuse website. Updated June 6, 2018. Accessed September 4, 2018.",
        (
            ("Updated June 6, 2018. ", "", "the model holds no updated date (only year and accessed date), so the engine cannot print it"),
            ("September 4, 2018.", "September 4, 2018. https://example.org/understanding-drug-use", "AMA 11th ends a web reference with its URL; the guide's example leaves it out, the fixture's URL is a placeholder (the style prints the accessed date only with a URL)"),
        ),
    )


def test_ama_book() -> None:
    """AMA 11th, book (no place of publication since the 11th edition); the book example of the
    LSMU library's citation page, in AMA 11th's book pattern (3.12)."""
    ref = _ref("doherty2021", entry_type="book", authors=("Doherty, Peter",), title="An insider’s plague year", publisher="Melbourne University Press", year="2021", design=Design.BOOK)
    _check(ref, Style.AMA, "Doherty P. An insider’s plague year. Melbourne University Press; 2021.", (("An insider’s plague year", "An Insider’s Plague Year", "the AMA CSL style title-cases book titles (AMA 3.9.1 capitalises major words of book titles); the guide keeps the book's own case"),))


def test_ama_cochrane_review() -> None:
    """AMA 11th, Cochrane review (issue number, no volume, article number in place of pages);
    example from James Cook University's AMA 11th guide (libguides.jcu.edu.au/ama/cochrane-review)."""
    ref = _ref("shepherd2020", authors=("Shepherd, Emily", "Grivell, Rosalie M."), title="Aspirin (single dose) for perineal pain in the early postpartum period", container="Cochrane Database Syst Rev", year="2020", number="7", pages="CD012129", doi="10.1002/14651858.CD012129.pub3", design=Design.SYSTEMATIC_REVIEW)
    _check(ref, Style.AMA, "Shepherd E, Grivell RM. Aspirin (single dose) for perineal pain in the early postpartum period. Cochrane Database Syst Rev. 2020;(7):CD012129. doi:10.1002/14651858.CD012129.pub3")


# --------------------------------------------------------------------------------------------
# Vancouver: Citing Medicine, the NLM style guide (2nd edition)


def test_vancouver_journal_article_two_authors() -> None:
    """Citing Medicine, standard journal article; example as reproduced in the University of the
    West Indies' Vancouver guide (libguides.uwi.edu/c.php?g=915733&p=6598549), which cites
    Citing Medicine as its source."""
    ref = _ref("ezenwaka2001", authors=("Ezenwaka, C. E.", "Offiah, N. V."), title="Cardiovascular risk of obese and non-obese patients with type 2 diabetes in the West Indies", container="J Biomed Sci", year="2001", volume="8", number="4", pages="314-320")
    _check(ref, Style.VANCOUVER, "Ezenwaka CE, Offiah NV. Cardiovascular risk of obese and non-obese patients with type 2 diabetes in the West Indies. J Biomed Sci. 2001;8(4):314-20.")


def test_vancouver_journal_article_more_than_six_authors() -> None:
    """Citing Medicine lists the first six authors, then "et al."; example from the UWI guide
    ("Journal article with more than 6 authors"); the seventh name is a placeholder."""
    names = ("Ezenwaka, C. E.", "Nwagbara, E.", "Seales, D.", "Okali, F.", "Hussaini, S.", "Raja, B.", "Seventh, A.")
    ref = _ref("ezenwaka2009", authors=names, title="Prediction of 10-year coronary heart disease risk in Caribbean type 2 diabetic patients using the UKPDS risk engine", container="Inter J Cardiol", year="2009", volume="132", number="3", pages="348-353")
    _check(ref, Style.VANCOUVER, "Ezenwaka CE, Nwagbara E, Seales D, Okali F, Hussaini S, Raja B, et al. Prediction of 10-year coronary heart disease risk in Caribbean type 2 diabetic patients using the UKPDS risk engine. Inter J Cardiol. 2009;132(3):348-53.")


def test_vancouver_organisation_as_author() -> None:
    """Citing Medicine, organisation as author; example from the UWI guide ("Organization as
    author"). The report series has an issue number and no volume."""
    ref = _ref("who2017", authors=("World Health Organization",), title="Evaluation of certain contaminants in food", container="World Health Organ Tech Rep Ser", year="2017", number="1002", pages="1")
    _check(ref, Style.VANCOUVER, "World Health Organization. Evaluation of certain contaminants in food. World Health Organ Tech Rep Ser. 2017(1002):1.", (("2017(1002):1", "2017;(1002):1", "the NLM CSL style keeps the semicolon before an issue without a volume; Citing Medicine drops it"),))


def test_vancouver_book() -> None:
    """Citing Medicine, book; example from NEOMED's Citing Medicine guide
    (libraryguides.neomed.edu/c.php?g=848343&p=6067396)."""
    ref = _ref("jenkins2005", entry_type="book", authors=("Jenkins, P. F.",), title="Making sense of the chest x-ray: a hands-on guide", address="New York", publisher="Oxford University Press", year="2005", design=Design.BOOK)
    _check(ref, Style.VANCOUVER, "Jenkins PF. Making sense of the chest x-ray: a hands-on guide. New York: Oxford University Press; 2005. 194 p.", ((" 194 p.", "", "the model holds no page count of a book (Citing Medicine gives it as optional)"),))


# --------------------------------------------------------------------------------------------
# APA Publication Manual, 7th edition


def test_apa_journal_article_up_to_twenty_authors() -> None:
    """APA 7th names up to 20 authors; the 15-author example of Gonzaga University's APA 7 guide
    (researchguides.gonzaga.edu/apa-7/references)."""
    names = ("Viner, R.", "Russell, S.", "Saulle, R.", "Croker, H.", "Stansfield, C.", "Packer, J.", "Nicholls, D.", "Goddings, A. L.", "Bonell, C.", "Hudson, L.", "Hope, S.", "Ward, J.", "Schwalbe, N.", "Morgan, A.", "Minozzi, S.")
    ref = _ref("viner2022", authors=names, title="School closures during social lockdown and mental health, health behaviors, and well-being among children and adolescents during the first COVID-19 wave: A systematic review", container="JAMA Pediatrics", year="2022", volume="176", number="4", pages="400-409", design=Design.SYSTEMATIC_REVIEW)
    _check(
        ref,
        Style.APA,
        "Viner, R., Russell, S., Saulle, R., Croker, H., Stansfield, C., Packer, J., Nicholls, D., Goddings, A.L., Bonell, C., Hudson, L., Hope, S., Ward, J., Schwalbe, N., Morgan, A., & Minozzi, S. (2022). School closures during social lockdown and mental health, health behaviors, and well-being among children and adolescents during the first COVID-19 wave: A systematic review. JAMA Pediatrics, 176(4), 400–409.",
        (("Goddings, A.L.,", "Goddings, A. L.,", "APA 7th spaces initials (A. L.), as the guide itself does for every other author; its 'A.L.' is a slip"),),
    )


def test_apa_cochrane_review_one_author() -> None:
    """APA 7th, Cochrane review, one author; example from Augusta University's APA guide
    (guides.augusta.edu/APA/CochraneEricUpToDate)."""
    ref = _ref("stolfi2020", authors=("Stolfi, Adrienne",), title="Drug treatments for managing cystic fibrosis‐related diabetes", container="Cochrane Database of Systematic Reviews", year="2020", doi="10.1002/14651858.CD004730.pub5", design=Design.SYSTEMATIC_REVIEW)
    _check(ref, Style.APA, "Stolfi, A. (2020). Drug treatments for managing cystic fibrosis‐related diabetes. Cochrane Database of Systematic Reviews. https://doi.org/10.1002/14651858.CD004730.pub5")


def test_apa_organisation_as_author_web_page() -> None:
    """APA 7th, a guideline on an organisation's web page, group author; example from the APA
    guide page at qisvsnepidaytime.pages.dev/484410.html ("Clinical practice guideline with a
    group author")."""
    ref = _ref("apa2019guideline", entry_type="online", authors=("American Psychological Association",), title="Clinical practice guideline for the treatment of depression across three age cohorts", year="2019", url="https://www.apa.org/depression-guideline", design=Design.GUIDELINE)
    _check(ref, Style.APA, "American Psychological Association. (2019). Clinical practice guideline for the treatment of depression across three age cohorts. https://www.apa.org/depression-guideline")


def test_apa_edited_book() -> None:
    """APA 7th, edited book; example from Gonzaga University's APA 7 guide."""
    editors = ("Torino, G. C.", "Rivera, D. P.", "Capodilupo, C. M.", "Nadal, K. L.", "Sue, D. W.")
    ref = _ref("torino2019", entry_type="book", editors=editors, title="Microaggression theory: Influence and implications", publisher="John Wiley & Sons", year="2019", design=Design.BOOK)
    _check(ref, Style.APA, "Torino, G. C., Rivera, D. P., Capodilupo, C. M., Nadal, K. L., & Sue, D. W. (Eds.). (2019). Microaggression theory: Influence and implications. John Wiley & Sons.")


def test_apa_report_by_a_government_agency() -> None:
    """APA 7th, report with a number, group author and parent agency as publisher; example from
    Gonzaga University's APA 7 guide ("Government Website / Report")."""
    ref = _ref("nci2019", entry_type="techreport", authors=("National Cancer Institute",), title="Taking time: Support for people with cancer", number="NIH Publication No. 18-2059", institution="U.S. Department of Health and Human Services, National Institutes of Health", year="2019", design=Design.FACT_SHEET)
    _check(ref, Style.APA, "National Cancer Institute. (2019). Taking time: Support for people with cancer (NIH Publication No. 18-2059). U.S. Department of Health and Human Services, National Institutes of Health.")


def test_apa_journal_article_six_authors() -> None:
    """APA 7th lists every author up to 20, the last after "&" (Jacksonville University's APA
    guide, library.ju.edu/c.php?g=994677&p=7197483: "3 to 20 Authors ... Taylor, J. L., Jones,
    B. L., & Cox, X. Q."); the six-author article of the LSMU AMA example, with the journal's
    full title as APA 7th (9.25) wants, in the journal pattern of 10.1."""
    ref = _ref(
        "tian2023apa",
        authors=("Tian, Ye E.", "Cropley, Vanessa", "Maier, Andrea B.", "Lautenschlager, Nicola T.", "Breakspear, Michael", "Zalesky, Andrew"),
        title="Heterogeneous aging across multiple organ systems and prediction of chronic disease and mortality",
        container="Nature Medicine",
        year="2023",
        volume="29",
        number="5",
        pages="1221-1231",
        doi="10.1038/s41591-023-02296-6",
    )
    _check(ref, Style.APA, "Tian, Y. E., Cropley, V., Maier, A. B., Lautenschlager, N. T., Breakspear, M., & Zalesky, A. (2023). Heterogeneous aging across multiple organ systems and prediction of chronic disease and mortality. Nature Medicine, 29(5), 1221–1231. https://doi.org/10.1038/s41591-023-02296-6")


def test_apa_journal_article_twenty_one_authors() -> None:
    """APA 7th, 21 or more authors: the first 19, an ellipsis with no ampersand, then the last
    author; the names of Jacksonville University's APA guide ("21+ Authors": "Apple, A., Bell,
    A. B., ... Stewart, A. B., . . . Zabel, R."), here exactly 21 of them (the twentieth is a
    placeholder the style must leave out); article fields are placeholders."""
    first = ["Apple, A."] + [f"{n}, A. B." for n in ["Bell", "Copeland", "Dennis", "Edwards", "Fant", "Gaunt", "Howard", "Iachetta", "Jones", "Knuth", "Lewis", "McCarthy", "Newberry", "Orange", "Plath", "Quan", "Reid", "Stewart"]]
    ref = _ref("apple2020", authors=(*first, "Twentieth, T.", "Zabel, R."), title="Title of the article", container="Journal of Examples", year="2020", volume="1", number="2", pages="3-4")
    manual = ", ".join(first) + ", . . . Zabel, R. (2020). Title of the article. Journal of Examples, 1(2), 3–4."
    _check(ref, Style.APA, manual, ((", . . . Zabel", ", … Zabel", "the guide spaces three full stops; the APA CSL style writes the ellipsis character, the same mark"),))


def test_apa_web_page_with_retrieval_date() -> None:
    """APA 7th, a page designed to change, group author, no date, parent agency as site name,
    "Retrieved ..., from"; example from Lehman College's APA guide
    (libguides.lehman.edu/c.php?g=1092996&p=8066206)."""
    ref = _ref("census2021", entry_type="online", authors=("U.S. Census Bureau",), title="U.S. and world population clock", container="U.S. Department of Commerce", url="https://www.census.gov/popclock/", urldate="2021-04-03", design=Design.ORGANISATION_PAGE)
    _check(ref, Style.APA, "U.S. Census Bureau. (n.d.). U.S. and world population clock. U.S. Department of Commerce. Retrieved April 3, 2021, from https://www.census.gov/popclock/")


def test_ama_government_report() -> None:
    """AMA 11th (3.13.2): author, title, issuing agency; year, series and number, accessed date,
    URL; example 1 of Newman University's AMA guide (newmanu.libguides.com/ama/reports)."""
    ref = _ref(
        "villarroel2022",
        entry_type="techreport",
        authors=("Villarroel, Maria A.", "Lucas, Jacqueline W."),
        title="Telemedicine Use in Children Aged 0–17 Years: United States, July–December 2020",
        institution="National Center for Health Statistics",
        year="2022",
        number="National Health Statistics Reports no. 170",
        url="https://example.org/nhsr170",
        urldate="2022-08-11",
        design=Design.FACT_SHEET,
    )
    _check(
        ref,
        Style.AMA,
        "Villarroel MA, Lucas JW. Telemedicine Use in Children Aged 0–17 Years: United States, July–December 2020. National Center for Health Statistics; 2022. National Health Statistics Reports no. 170. Accessed August 11, 2022.",
        (("August 11, 2022.", "August 11, 2022. https://example.org/nhsr170", "AMA 11th ends an online reference with its URL; the guide's page shows it as a link, the fixture's URL is a placeholder"),),
    )


def test_vancouver_web_page() -> None:
    """Citing Medicine, web page by an organisation with its cited date; example from Robert Gordon
    University's Vancouver templates (library.rgu.ac.uk/vancouver-referencing-templates/webpages)."""
    ref = _ref("alzscot2024", entry_type="online", authors=("Alzheimer Scotland",), title="Living with dementia", year="2024", url="https://www.alzscot.org/living-with-dementia", urldate="2024-02-18", design=Design.ORGANISATION_PAGE)
    _check(
        ref,
        Style.VANCOUVER,
        "Alzheimer Scotland. Living with dementia [internet]. 2024 [cited 2024 Feb 18]. Available from: https://www.alzscot.org/living-with-dementia",
        (("[internet]", "[Internet]", "Citing Medicine (and the guide's own template) writes [Internet]; the example's lower case is a slip"),),
    )


def test_vancouver_government_report() -> None:
    """Citing Medicine, government report with its number ("Report No.:"); example from Curtin
    University's Vancouver guide (libguides.library.curtin.edu.au/c.php?g=921785&p=6661202)."""
    ref = _ref(
        "aihw2017",
        entry_type="techreport",
        authors=("Australian Institute of Health and Welfare",),
        title="Non-medical use of pharmaceuticals: trends, harms and treatment, 2006-07 to 2015-16",
        institution="Australian Institute of Health and Welfare",
        address="Canberra (Australia)",
        number="HSE 195",
        year="2017",
        url="https://example.org/hse195",
        urldate="2018-10-04",
        design=Design.FACT_SHEET,
    )
    _check(
        ref,
        Style.VANCOUVER,
        "Australian Institute of Health and Welfare. Non-medical use of pharmaceuticals: trends, harms and treatment, 2006-07 to 2015-16 [Internet]. Canberra (Australia): Australian Institute of Health and Welfare; 2017 [cited 2018 Oct 4]. Report No.: HSE 195. Available from:",
        (("Available from:", "Available from: https://example.org/hse195", "the guide's page shows the URL as a link; the fixture's URL is a placeholder"),),
    )


def test_vancouver_cochrane_review() -> None:
    """Citing Medicine, Cochrane review read online (issue, no volume, cited date); example from
    Macquarie University's Vancouver guide (libguides.mq.edu.au/c.php?g=965422&p=7013549)."""
    names = ("Claire, R.", "Chamberlain, C.", "Davey, M. A.", "Cooper, S. E.", "Berlin, I.", "Leonardi-Bee, J.", "Coleman, T.")
    ref = _ref("claire2020", authors=names, title="Pharmacological interventions for promoting smoking cessation during pregnancy", container="Cochrane Database Syst Rev", year="2020", number="3", url="https://example.org/cd010078", urldate="2023-12-06", design=Design.SYSTEMATIC_REVIEW)
    _check(
        ref,
        Style.VANCOUVER,
        "Claire R, Chamberlain C, Davey MA, Cooper SE, Berlin I, Leonardi-Bee J, Coleman T. Pharmacological interventions for promoting smoking cessation during pregnancy. Cochrane Database Syst Rev [Internet]. 2020 [cited 2023 Dec 6]; (3). Available from:",
        (
            ("Leonardi-Bee J, Coleman T.", "Leonardi-Bee J, et al.", "Citing Medicine lists the first six authors, then et al.; the guide lists all seven"),
            ("]; (3)", "];(3)", "Citing Medicine sets no space after the semicolon before the issue"),
            ("Available from:", "Available from: https://example.org/cd010078", "the guide's page shows the URL as a link; the fixture's URL is a placeholder"),
        ),
    )
