"""End-to-end test in a real browser (Debian's chromium through chromium-driver, Selenium from
PyPI): log in, upload a postings file, compute and see the SDE page, open a drill-down, find the
audit log entry for it; drop files in the robot's inbox, run the pass from the worklist, follow a
deadline to its claim, change a finding's status, download the SDE year as XLSX, map a foreign
ledger extract and import it through the mapping; check the pages
on a phone's width; log out. Prints 'N passed, N failed' like other test runners."""
import datetime
import os
import sys
import time

os.environ.setdefault("SE_AVOID_STATS", "true")
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

url, user, password, postings, shots, inbox = sys.argv[1:7]
results = []


def wait_for(text, timeout=10):
    """Waits until the page shows `text`; returns whether it did."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if driver.execute_script("return document.readyState") == "complete" and text in driver.page_source:
            return True
        time.sleep(0.1)
    return False


def left(old):
    """True once `old` is no longer in the page. Chromium answers a probe of a node that is being
    detached either with a stale-element error or with 'does not belong to the document' (a plain
    WebDriverException, which Selenium's staleness_of lets through and which once failed CI)."""
    def gone(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return True
    return gone


def submit(css):
    """Clicks a submit button or a link and waits until the browser has left the old page."""
    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()
    WebDriverWait(driver, 10).until(left(old))


def follow_job():
    """A started import or computation lands on its job's page, which reloads itself until the
    job has ended; then the result link leads on. Returns whether the job ended well."""
    done = wait_for('id="job-status">færdig<', timeout=60)
    if done:
        submit("a.result")
    return done


def check(name, condition):
    results.append((name, bool(condition)))
    print(("ok   " if condition else "FAIL ") + name, flush=True)


options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for a in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1800"]:
    options.add_argument(a)
# An explicit driver path keeps Selenium Manager from looking for one on the internet.
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.implicitly_wait(5)
try:
    driver.get(url + "/sde")
    check("unauthenticated visit is sent to the login page", "/login" in driver.current_url)

    driver.find_element(By.ID, "brugernavn").send_keys(user)
    driver.find_element(By.ID, "adgangskode").send_keys("forkert-forkert")
    submit("form.login button")
    check("a wrong password is refused", wait_for("Forkert brugernavn eller adgangskode"))
    driver.get_log("browser")  # the deliberate 401 above is logged by the browser; start clean

    driver.find_element(By.ID, "brugernavn").send_keys(user)
    driver.find_element(By.ID, "adgangskode").send_keys(password)
    submit("form.login button")
    check("login lands on the worklist", wait_for("<h1>Arbejdsliste</h1>"))
    cookie = driver.get_cookie("hjemtag_session") or {}
    check("the session cookie is HttpOnly and SameSite=Strict", cookie.get("httpOnly") and cookie.get("sameSite") == "Strict")

    driver.get(url + "/importer")
    Select(driver.find_element(By.ID, "type")).select_by_value("posteringer")
    driver.find_element(By.ID, "fil").send_keys(postings)
    submit("form.upload button")
    check("the upload runs as a job whose page ends with every row imported",
          "/job/" in driver.current_url and wait_for("12 rækker importeret", timeout=60))
    driver.get(url + "/importer")
    check("the imports page lists the file", os.path.basename(postings) in driver.page_source)

    driver.get(url + "/sde")
    aar = driver.find_element(By.ID, "aar")
    aar.clear()
    aar.send_keys("2021")
    submit("form.inline-form button")
    check("the computation runs as a job and leads to its result", follow_job())
    check("the SDE page shows the computed refund (12 × 25 % × (100.000 − 850.000/12) = 87.500)", wait_for("87.500,00 kr."))
    check("the SDE page draws its charts", len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 3)
    check("the subject list masks the CPR number", "010170-XXXX" in driver.page_source and "010170-1111" not in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "e2e-sde.png"))

    submit("table a[href^='/sde/emne/']")
    check("the drill-down shows the full CPR number", wait_for("010170-1111"))
    check("the drill-down explains the monthly test", "Månedlig test" in driver.page_source)
    check("no URL visited carries a CPR number", "0101701111" not in driver.current_url and "010170" not in driver.current_url)

    driver.get(url + "/revision")
    rows = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table tbody tr")]
    check("the audit log has the drill-down, by this user, with masked CPR",
          any("vis" in r and "010170-XXXX" in r and "/sde/emne/" in r and user in r for r in rows))
    check("the audit log has this user's upload and computation, under the name they logged in with",
          any(" import " in f" {r} " and user in r and "import nr." in r for r in rows)
          and any("beregning" in r and user in r and "sde 2021" in r for r in rows)
          and not any("web:" in r for r in rows))
    driver.find_element(By.ID, "cpr").send_keys("010170-1111")
    submit("form.search button")
    check("searching the audit log by CPR finds the entry and keeps the number out of the URL",
          wait_for("/sde/emne/") and "010170" not in driver.current_url
          and len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) > 0
          and all("010170-XXXX" in r.text for r in driver.find_elements(By.CSS_SELECTOR, "table tbody tr")))
    driver.save_screenshot(os.path.join(shots, "e2e-audit.png"))

    # Mellemkommunal: the same citizen was referred by Roskilde (265) to a § 108 place here in 2021.
    ophold = os.path.join(os.path.dirname(postings), "ophold-e2e.csv")
    with open(ophold, "w", encoding="utf-8") as f:
        f.write("cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                "010170-1111;2010-01-01;2020-12-31;265;EGEN_BOLIG;;;\n010170-1111;2021-01-01;;350;SEL108;Bostedet;265;SEL-108\n")
    driver.get(url + "/importer")
    Select(driver.find_element(By.ID, "type")).select_by_value("ophold")
    driver.find_element(By.ID, "fil").send_keys(ophold)
    submit("form.upload button")
    check("the residence file imports through the web", wait_for("2 rækker importeret", timeout=60))
    driver.get(url + "/mellemkommunal")
    submit("form.inline-form button")
    check("the mellemkommunal computation runs as a job", follow_job())
    # Help from 2021 is more than three years old (Højesteret 18.4.2024): found, but time-barred.
    check("the mellemkommunal page finds the claim against Roskilde (12 × 100.000 = 1.200.000), time-barred, not claimable",
          wait_for("1.200.000,00") and "Roskilde" in driver.page_source and "Forældet" in driver.page_source
          and "<h2>Vores krav, kan kræves</h2><p class=\"big\">0,00 kr.</p>" in driver.page_source)
    check("the mellemkommunal page draws its charts", len(driver.find_elements(By.CSS_SELECTOR, "svg.chart")) >= 2)
    driver.save_screenshot(os.path.join(shots, "e2e-mellemkommunal.png"))
    submit("table a[href^='/mellemkommunal/borger/']")
    check("the citizen's history shows a timeline and the rule", len(driver.find_elements(By.CSS_SELECTOR, "svg.timeline")) == 1 and "R1-R2" in driver.page_source)
    driver.get(url + "/mellemkommunal")
    claim = driver.find_element(By.CSS_SELECTOR, "table a[href^='/mellemkommunal/krav/']").get_attribute("href")
    driver.get(claim + "/brev")
    check("the claim letter is addressed to Roskilde and styled for print",
          wait_for("Roskilde Kommune") and "Krav om mellemkommunal refusion" in driver.page_source
          and driver.execute_script("return document.styleSheets.length") >= 1)

    # The robot: a citizen referred by Roskilde (265) to a § 108 place here, the help's first day
    # three years less 30 days ago, so the claim's deadline (first day + 3 years, Højesteret
    # 18.4.2024) falls within 30 days whatever day the test runs.
    today = datetime.date.today()
    start = today.replace(year=today.year - 3) + datetime.timedelta(days=30) if not (today.month == 2 and today.day == 29) \
        else datetime.date(today.year - 3, 2, 28) + datetime.timedelta(days=30)
    end = start + datetime.timedelta(days=20)
    files = {
        "ophold-robot.csv": "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                            f"020202-2222;2010-01-01;{(start - datetime.timedelta(days=1)).isoformat()};265;EGEN_BOLIG;;;\n"
                            f"020202-2222;{start.isoformat()};;350;SEL108;Bostedet;265;SEL-108\n",
        "posteringer-robot.csv": "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
                                 f"{end.isoformat()};25000,00;5.57.73;020202-2222;LAS-25;{start.isoformat()};{end.isoformat()};SOF\n",
        "halvfaerdig.csv.part": "dato;beloeb\n",
    }
    for name, text in files.items():
        path = os.path.join(inbox, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        # Written a minute ago: the robot leaves a file still being written for the next pass.
        old = time.time() - 60
        os.utime(path, (old, old))
    driver.get(url + "/")
    submit("form[action='/robot/koer'] button")
    check("the robot's pass runs as a job, takes both files in and leaves the half-written one",
          "/job/" in driver.current_url and wait_for('id="job-status">færdig<', timeout=90)
          and "ophold-robot.csv: importeret" in driver.page_source and "posteringer-robot.csv: importeret" in driver.page_source
          and "halvfaerdig.csv.part: venter" in driver.page_source)
    check("the files taken in are moved to behandlet/",
          sorted(os.listdir(os.path.join(inbox, "behandlet"))) == ["ophold-robot.csv", "posteringer-robot.csv"])
    submit("a.result")
    check("the worklist lists the claim whose deadline is within 30 days",
          wait_for("Krav med frist inden 90 dage") and "Krav mod Roskilde Kommune: frist" in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "e2e-arbejdsliste.png"))
    submit("table a[href^='/mellemkommunal/krav/']")
    check("the deadline leads to its claim", wait_for("Roskilde") and "/mellemkommunal/krav/" in driver.current_url)

    driver.get(url + "/fund")
    submit("table a[href^='/fund/']")
    finding = driver.current_url
    Select(driver.find_element(By.CSS_SELECTOR, "form select[name=status]")).select_by_value("undersoeges")
    driver.find_element(By.CSS_SELECTOR, "form input[name=note]").send_keys("e2e: tjekkes")
    submit("form[action$='/status'] button")
    driver.get(finding)
    check("a finding's status is changed, with the note in its history",
          wait_for("e2e: tjekkes") and "undersøges" in driver.page_source.lower())

    download = driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        fetch('/sde/eksport.xlsx?aar=2021', {credentials: 'same-origin'}).then(async r => {
            const b = new Uint8Array(await r.arrayBuffer());
            done([r.status, r.headers.get('content-type'), r.headers.get('content-disposition'), b.length, b[0], b[1]]);
        }).catch(e => done([0, String(e)]));""")
    check("the SDE year downloads as an XLSX workbook",
          download[0] == 200 and "spreadsheetml" in (download[1] or "") and "sde-2021.xlsx" in (download[2] or "")
          and download[3] > 2000 and download[4:6] == [0x50, 0x4B])

    # A ledger extract in another system's layout, mapped in the browser and imported through it.
    extract = os.path.join(shots, "OPUS_2022.csv")
    with open(extract, "w", encoding="utf-8") as f:
        f.write("Bogføringsdato;Kontostreng;D/K;Beløb;CPR;Posteringstekst\n"
                "28.01.2022;53850-1-4.0;D;1.000,00;0101701111;Botilbud januar\n"
                "26.02.2022;53850-1-7.2;K;250,50;0101701111;Egenbetaling\n")
    driver.get(url + "/kortlaegning")
    driver.find_element(By.ID, "fil").send_keys(extract)
    submit("form.upload button")
    check("an uploaded extract shows its rows, its encoding and what each column looks like, CPR masked",
          wait_for("separator semikolon") and "dato DD.MM.ÅÅÅÅ" in driver.page_source
          and "010170-XXXX" in driver.page_source and "0101701111" not in driver.page_source)
    driver.find_element(By.NAME, "funktion_del_sep").send_keys("-")
    driver.find_element(By.NAME, "funktion_del_nr").send_keys("1")
    Select(driver.find_element(By.NAME, "beloeb_fortegn_kolonne")).select_by_value("D/K")
    driver.find_element(By.NAME, "beloeb_kredit").send_keys("K")
    driver.find_element(By.ID, "navn").send_keys("opus")
    submit("button[value=proev]")
    check("the preview reads the rows as Hjemtag will (function split out, credit negative)",
          wait_for("Sådan læser Hjemtag rækkerne") and "<td>-250,50</td>" in driver.page_source and "<td>5.38.50</td>" in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "e2e-kortlaegning.png"))
    submit("button[value=importer]")
    check("saved and imported through the mapping as a job", wait_for('id="job-status">færdig<', timeout=60)
          and "2 rækker importeret" in driver.page_source)
    driver.get(url + "/kortlaegning")
    check("the saved mapping is listed with its JSON export", wait_for("<code>opus</code>") and "eksport.json?navn=opus" in driver.page_source)

    # A savings scenario valued net of refund, and the forecast, as finance staff use them.
    scenario = os.path.join(shots, "scenarie.csv")
    with open(scenario, "w", encoding="utf-8") as f:
        f.write("cpr;fra;ny_maanedlig_udgift;initiativ\n010170-1111;2021-07-01;80000;Foranstaltninger vedr. unge\n")
    driver.get(url + "/budget/scenarie")
    driver.find_element(By.ID, "fil").send_keys(scenario)
    aar = driver.find_element(By.ID, "aar")
    aar.clear()
    aar.send_keys("2021")
    submit("form.upload button")
    # From July 80.000 instead of 100.000: gross 6 × −20.000; SDE 6 × 25 % × −20.000; Roskilde pays
    # her stay under § 9 c (the residence file above), so its payment falls by the whole saving.
    check("a scenario file is valued gross, SDE, § 9 c and net (-120.000; -30.000; -120.000; 30.000)",
          wait_for("-120.000,00") and "-30.000,00" in driver.page_source and "<th class=\"num\">30.000,00</th>" in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "e2e-scenarie.png"))
    driver.get(url + "/prognose?aar=2021&dato=2021-06-30")
    check("the forecast from 30 June carries June's level on (12 × 7.291,67 = 87.500)",
          wait_for("Udgifterne fortsætter på nuværende niveau") and "87.500,00 kr." in driver.page_source)
    submit("form.cell-form button")
    check("the forecast is kept and compared with the computed year", wait_for("Prognosen er gemt.") and "afvigelse 0,00 kr." in driver.page_source)
    driver.save_screenshot(os.path.join(shots, "e2e-prognose.png"))

    # A phone is 390 px wide: no page is wider than the screen (wide tables scroll inside themselves).
    driver.set_window_size(390, 1400)
    wide = []
    for page in ["/", "/sde?aar=2021", "/fund", "/mellemkommunal", "/importer", "/hjaelp", "/brugere", "/kortlaegning",
                 "/prognose?aar=2021&dato=2021-06-30", "/budget/scenarie?aar=2021"]:
        driver.get(url + page)
        if driver.execute_script("return document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
            wide.append(page)
    check(f"at 390 px no page is wider than the screen {wide}", not wide)
    driver.save_screenshot(os.path.join(shots, "e2e-390.png"))
    driver.set_window_size(1400, 1800)

    driver.get(url + "/")
    submit("header form button")
    check("logout returns to the login page", wait_for("Log ind") and "/login" in driver.current_url)
    driver.get(url + "/sde")
    check("after logout the pages need a login again", "/login" in driver.current_url)
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    for e in severe:
        print("console:", e["message"][:300])
    check("no errors in the browser console (CSP violations included)", not severe)
finally:
    driver.quit()

failed = sum(1 for _, ok in results if not ok)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
