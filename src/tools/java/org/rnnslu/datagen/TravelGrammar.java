package org.rnnslu.datagen;

import org.rnnslu.util.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The ATIS-style travel grammar: lexicons (cities, airlines, airports, dates, times, fares,
 * codes...), shared macros (routes, date and time phrases) and, per intent, the carrier
 * templates. Slot labels follow ATIS naming ({@code B-fromloc.city_name},
 * {@code B-depart_time.time_relative}, ...).
 *
 * <p>Changing anything here changes the generated corpus: regenerate {@code data/} and its
 * README when you do.
 */
final class TravelGrammar {

    /** An intent, its weight and its templates ("weight: template" or "template"). */
    static final class Intent {
        final String name;
        final int weight;
        final List<String> templates;

        Intent(String name, int weight, String... templates) {
            this.name = name;
            this.weight = weight;
            this.templates = List.of(templates);
        }
    }

    private TravelGrammar() {}

    static final List<Intent> INTENTS = List.of(
            new Intent("atis_flight", 620,
                    "8: {pre} {want} to (fly|go|travel|get) {@route} {@when} {post}",
                    "10: {pre} {show} [all] [the] {@fadj} flights {@route} {@when} {post}",
                    "4: what flights (are there|are available|do you have|are scheduled|leave|go) {@route} {@when}",
                    "2: (are there any|do you have any|are there) {@fadj} flights {@route} {@when}",
                    "1: (is there a|do you have a) {@fadj} flight {@route} {@when}",
                    "4: {pre} {want} a {@fadj} flight {@route} {@when} {post}",
                    "3: (flights|flight) {@route} {@when}",
                    "2: {@from} to {@to} [(flights|please)] {@when}",
                    "3: {show} flights (leaving|departing|out of) {@from} (and going to|to|for|and arriving in|going to|that go to) {@to} {@when}",
                    "3: (what|which) flights (arrive|land|get) in {@to} from {@from} {@atime}",
                    "2: {show} flights (arriving in|into|to|going to) {@to} {@atime}",
                    "2: {show} flights (leaving|departing|from|out of) {@from} {@dtime}",
                    "3: {pre} (i need|find me|show me|i want) a {rt:round_trip} (flight|ticket|trip) {@route} [{@ddate}] [{@rdate}]",
                    "2: {want} to (fly|go) {@route} {@ddate} and (return|come back) {@dd:return_date}",
                    "2: {show} {airline:airline_name} flights {@route} {@when}",
                    "2: {want} (a|an) {airline:airline_name} flight {@route} {@when}",
                    "2: does {airline:airline_name} (fly|have flights|have a flight) {@route} {@when}",
                    "2: (what|which) flights (go|fly) {@route} (with a stopover in|with a stop in|stopping in|via|that stop in|by way of) {city:stoploc.city_name} {@when}",
                    "2: {want} a flight {@route} (that stops in|with a stopover in|with a connection in|connecting in|stopping in) {city:stoploc.city_name}",
                    "2: (what is|show me|which is) the {fmod:flight_mod} flight {@route} [that (leaves|departs)] {@when}",
                    "2: {show} [the] {stop:flight_stop} flights {@route} {@when}",
                    "2: {show} [me] [the] {cheap:cost_relative} flight {@route} {@when}",
                    "2: {want} to (fly|travel) {class:class_type} {@route} {@when}",
                    "1: {show} [the] {class:class_type} flights {@route}",
                    "2: {show} flights {@route} (for|costing|priced at|that cost) {@fare}",
                    "2: {show} flights {@route} (that serve|with|serving|which serve) {meal:meal_description} {@when}",
                    "1: {show} flights {@route} (with|that have|that serve) (a|) {mealword:meal}",
                    "2: (show me|i need information on|give me information on|what about) {airline:airline_name} flight {fnum:flight_number} [{@route}]",
                    "2: {show} {connect:connect} flights {@route} {@when}",
                    "2: flights {@route} on {day:depart_date.day_name} {or:or} {day:depart_date.day_name}",
                    "2: {pre} (can you|could you|would you) (help me find|find me|give me|book me|book) a flight {@route} {@when} {post}",
                    "1: {pre} please (book|reserve) (a|me a) (flight|seat) {@route} {@when}",
                    "2: i'm (looking for|interested in|trying to find) a flight {@route} {@when}",
                    "2: {day:depart_date.day_name} [{pod:depart_time.period_of_day}] flights {@route}",
                    "1: i need to (be|get) (in|to) {@to} {arel:arrive_time.time_relative} {time:arrive_time.time} [{@dd:arrive_date}]",
                    "1: {show} flights {@route} (on|using|with) a {aircraft:aircraft_code}",
                    "1: (list|show me) [all] flights (from|leaving) {airport:fromloc.airport_name} {@when}"),
            new Intent("atis_airfare", 90,
                    "4: (what is|what's|show me|tell me|give me) the {cheap:cost_relative} fare {@route} [{@ddate}]",
                    "3: how much (is|does|would) (a|the) [{rt:round_trip}] (ticket|flight|fare|trip) {@route} [cost]",
                    "3: {show} [the] [{rt:round_trip}] fares {@route} [{@ddate}]",
                    "2: what (is|are) the {class:class_type} (fare|fares) {@route}",
                    "2: how much does it cost to (fly|go|travel) {@route} [on {airline:airline_name}]",
                    "2: (what are|show me|list) the {rt:round_trip} fares on {airline:airline_name} {@route}",
                    "2: (what is|show me|how much is) the fare (for|on) flight {fnum:flight_number}",
                    "2: {want} the {cheap:cost_relative} {rt:round_trip} fare {@route}",
                    "1: (what is|show me) the (cost|price) of a {rt:round_trip} {class:class_type} ticket {@route}",
                    "1: (what are|list) the fares (for|on) flights {@route} {@dtime}",
                    "1: (are there|do you have) (any|) fares {@route} {@fare}"),
            new Intent("atis_ground_service", 60,
                    "3: what (ground transportation|ground transport|transportation) is (available|there) (in|at) {city:city_name}",
                    "3: {show} [the] ground transportation (in|at|for) {city:city_name}",
                    "2: is there (a|any) {transport:transport_type} service (in|at) {city:city_name}",
                    "2: how do i get from {airport:fromloc.airport_name} to downtown [{city:toloc.city_name}]",
                    "2: (i need|i'd like|i want) (a|) {transport:transport_type} (in|at) {city:city_name}",
                    "2: what {transport:transport_type} (services are|service is) available (in|at) {city:city_name}",
                    "1: (what|which) ground transportation (goes|is available) from {airport:fromloc.airport_name} to {city:toloc.city_name}",
                    "1: ground transportation (in|at) {city:city_name} [please]",
                    "1: can i (get|take) a {transport:transport_type} from the {city:fromloc.city_name} airport to downtown"),
            new Intent("atis_airline", 50,
                    "3: (which|what) airlines (fly|go|have flights|offer flights) {@route}",
                    "3: {show} [all] [the] airlines (that fly|flying|with flights|with service) {@route}",
                    "2: (which|what) (airlines|carriers) (serve|service|fly into|fly to) {city:city_name}",
                    "2: (what|which) airline (is|operates) flight {fnum:flight_number}",
                    "1: which airline (has|offers) {class:class_type} (service|flights) {@route}",
                    "1: (what|which) airlines have {stop:flight_stop} flights {@route}"),
            new Intent("atis_flight_time", 30,
                    "3: what time does {airline:airline_name} flight {fnum:flight_number} (leave|depart|arrive)",
                    "2: (what are|show me|list|give me) the (departure|arrival|flight) times (for|of) flights {@route} [{@ddate}]",
                    "2: (when|what time) does the {fmod:flight_mod} flight {@route} (leave|depart|arrive|get in) [{@ddate}]",
                    "1: (give me|what is|show me) the (flight|) schedule (for|of) flights {@route} [{@ddate}]",
                    "1: what time (is|are) (the|) flights {@route} [{@ddate}]"),
            new Intent("atis_abbreviation", 30,
                    "2: what does [the] [fare code] {fcode:fare_basis_code} (mean|stand for)",
                    "2: what is (fare code|the fare code|the fare class|booking class) {fcode:fare_basis_code}",
                    "2: what does (the letters|the code|) {acode:airline_code} (mean|stand for)",
                    "2: (what is|explain|what does) (the|) restriction {rcode:restriction_code} [mean]",
                    "1: what (is|does) {apcode:airport_code} (mean|stand for)"),
            new Intent("atis_aircraft", 30,
                    "2: what (type|kind) of (aircraft|plane|airplane|equipment) is (used|flown) on (the|a|) flight {@route} {@when}",
                    "2: what (type of aircraft|kind of plane|type of equipment|kind of aircraft) does {airline:airline_name} (use|fly) {@route}",
                    "2: what (kind|type) of (aircraft|plane) is (a|an|the) {aircraft:aircraft_code}",
                    "1: {show} [the] (aircraft|planes|equipment) (used|flying) {@route}",
                    "1: what (aircraft|plane) is used (for|on) flight {fnum:flight_number}"),
            new Intent("atis_meal", 20,
                    "2: (what|which) (meals are|meal is|food is) (served|available) on {airline:airline_name} flight {fnum:flight_number}",
                    "2: (is|are) {meal:meal_description} (served|available|offered) on (the|) (flight|flights) {@route}",
                    "1: (what meals are|what kind of food is|what type of meal is) served on the {fmod:flight_mod} flight {@route}"),
            new Intent("atis_quantity", 20,
                    "2: how many flights (does|do) {airline:airline_name} have (from {@from} to {@to}|out of {@from}|into {@to})",
                    "2: how many (airlines|carriers) (fly|have flights|go) {@route}",
                    "1: how many {class:class_type} (flights|fares) (are there|do you have|are available) {@route}",
                    "1: how many {stop:flight_stop} flights (are there|go) {@route} [{@ddate}]"),
            new Intent("atis_flight#atis_airfare", 15,
                    "2: {show} [the] flights and fares {@route} [{@ddate}]",
                    "1: {want} (flight and fare information|the flights and their fares|flight information and fares) {@route} {@when}",
                    "1: (what are|show me) the {cheap:cost_relative} flights and their fares {@route}"),
            new Intent("atis_flight_no", 10,
                    "2: what (is|are) the flight (number|numbers) (of|for) the {fmod:flight_mod} flight {@route} [{@ddate}]",
                    "1: (give me|i need|list) the flight numbers (of|for) flights {@route} {@when}"),
            new Intent("atis_distance", 10,
                    "2: how far is it from {@from} to {@to}",
                    "1: what is the distance (from|between) {airport:fromloc.airport_name} (to|and) downtown {city:toloc.city_name}",
                    "1: how far is {airport:fromloc.airport_name} from downtown [{city:toloc.city_name}]"),
            new Intent("atis_ground_fare", 8,
                    "2: how much (does|do) (a|the) {transport:transport_type} (cost|costs) (in|at) {city:city_name}",
                    "1: what is the (cost|price|fare) (of|for) (a|the) {transport:transport_type} (in|at|to downtown) {city:city_name}"),
            new Intent("atis_capacity", 8,
                    "2: how many (people|passengers|seats) (can|does) (a|an|the) {aircraft:aircraft_code} (hold|seat|have)",
                    "1: what is the (seating|) capacity of (a|an|the) {aircraft:aircraft_code}"),
            new Intent("atis_city", 4,
                    "1: (what|which) cities does {airline:airline_name} (serve|fly to|service)",
                    "1: what city is {apcode:airport_code} in"));

    /** Builds the grammar: lexicons and macros (the intents' templates are parsed by the caller). */
    static Grammar build() {
        Grammar g = new Grammar();
        lexicons(g);
        macros(g);
        return g;
    }

    private static void macros(Grammar g) {
        g.macro("from", "30: {city:fromloc.city_name}", "1: {airport:fromloc.airport_name}");
        g.macro("to", "30: {city:toloc.city_name}", "1: {airport:toloc.airport_name}");
        g.macro("route",
                "12: from {@from} to {@to}",
                "4: to {@to} from {@from}",
                "2: between {@from} and {@to}",
                "2: (leaving|out of|departing) {@from} (for|to|and going to|and arriving in|going to) {@to}",
                "2: from {@from} (into|going to|arriving in|that go to) {@to}");
        g.macro("fadj",
                "50: ",
                "6: {stop:flight_stop}",
                "4: {airline:airline_name}",
                "2: {class:class_type}",
                "2: {rt:round_trip}",
                "2: {connect:connect}",
                "2: {pod:depart_time.period_of_day}",
                "2: {cheap:cost_relative}",
                "1: {day:depart_date.day_name}",
                "1: {stop:flight_stop} {airline:airline_name}");
        // a time phrase; $ is depart_time or arrive_time
        g.macro("dt",
                "25: in the {pod:$.period_of_day}",
                "6: {pmod:$.period_mod} in the {pod:$.period_of_day}",
                "4: in the {pmod:$.period_mod} {pod:$.period_of_day}",
                "25: {trel:$.time_relative} {time:$.time}",
                "8: at {time:$.time}",
                "4: between {time:$.start_time} and {time:$.end_time}");
        g.macro("dtime",
                "6: {@dt:depart_time}",
                "4: (leaving|departing|that leave|that depart|which leave) {@dt:depart_time}");
        g.macro("atime",
                "5: (arriving|that arrive|arriving there|that get there|getting in|to arrive) {@dt:arrive_time}",
                "3: (arriving|that arrive|to arrive|getting there) {arel:arrive_time.time_relative} {time:arrive_time.time}");
        // a date phrase; $ is depart_date, arrive_date or return_date
        g.macro("dd",
                "30: on {day:$.day_name}",
                "6: {day:$.day_name}",
                "4: {next:$.date_relative} {day:$.day_name}",
                "20: on {month:$.month_name} {dnum:$.day_number}",
                "8: {month:$.month_name} {dnum:$.day_number}",
                "4: on the {dnum:$.day_number} [of {month:$.month_name}]",
                "8: {rel:$.date_relative}",
                "3: {today:$.today_relative}");
        g.macro("ddate",
                "7: {@dd:depart_date}",
                "3: (leaving|departing|that leave|flying) {@dd:depart_date}");
        g.macro("adate", "(arriving|that arrive|to arrive|getting there) {@dd:arrive_date}");
        g.macro("rdate", "(returning|coming back|and returning|with a return) {@dd:return_date}");
        g.macro("when",
                "25: ",
                "25: {@ddate}",
                "15: {@dtime}",
                "12: {@ddate} {@dtime}",
                "4: {@atime}",
                "3: {@ddate} {@atime}",
                "3: {@adate}",
                "2: {@dtime} {@ddate}",
                "2: arriving {@dd:arrive_date} {@dt:arrive_time}");
        g.macro("fare", "{crel:cost_relative} {fare:fare_amount}");
    }

    private static void lexicons(Grammar g) {
        // carrier words, labelled O
        g.lexicon("pre", "=900", "please=40", "hi=8", "hello=8", "okay=8", "um=6", "yes=6", "so=3", "well=2",
                "good morning=3", "excuse me=2", "hey=2", "good afternoon=1", "greetings=1", "howdy=1", "alright=1");
        g.lexicon("post", "=950", "please=30", "thank you=8", "thanks=5", "if possible=2", "as soon as possible=1",
                "thank you very much=1");
        g.lexicon("want", "i want=10", "i would like=10", "i need=8", "i'd like=5", "we need=2", "we would like=2",
                "i wish=1", "we want=1", "i plan=1");
        g.lexicon("show", "show me=20", "list=10", "give me=6", "find=4", "find me=3", "show=3", "please list=3",
                "display=2", "tell me=2", "i'd like to see=2", "can you show me=2", "could you list=1",
                "please show me=2", "i would like to see=1");

        // places: frequent ATIS cities, then a long tail of rare ones (weight 1 against 4x
        // weights) so that some cities occur once or only in dev/test
        Grammar.Lexicon city = g.lexicon("city");
        String[] core = {"boston=60", "denver=55", "san francisco=50", "pittsburgh=50", "atlanta=45", "dallas=40",
            "baltimore=40", "philadelphia=40", "washington=35", "oakland=20", "new york=25", "dallas fort worth=8",
            "charlotte=12", "milwaukee=12", "cleveland=10", "detroit=12", "houston=12", "memphis=10", "miami=12",
            "minneapolis=12", "phoenix=12", "salt lake city=10", "las vegas=10", "los angeles=12", "seattle=12",
            "st. louis=10", "st. petersburg=6", "tampa=10", "toronto=10", "montreal=8", "orlando=10",
            "indianapolis=8", "kansas city=8", "nashville=8", "cincinnati=8", "columbus=8", "chicago=15",
            "newark=10", "burbank=5", "ontario=4", "long beach=5", "san diego=10", "san jose=8",
            "westchester county=3", "fort worth=5", "tacoma=3", "st. paul=4"};
        for (String e : core) {
            int eq = e.indexOf('=');
            city.add(e.substring(0, eq), 4 * Integer.parseInt(e.substring(eq + 1)));
        }
        city.addAll("boise", "el paso", "des moines", "tucson", "spokane", "anchorage", "honolulu", "albuquerque",
                "omaha", "little rock", "new orleans", "sacramento", "portland", "buffalo", "raleigh", "richmond",
                "hartford", "providence", "louisville", "santa fe", "grand rapids", "fort lauderdale",
                "palm springs", "san antonio", "oklahoma city");
        g.lexicon("airport", "la guardia=10", "logan=8", "general mitchell international=4", "love field=5",
                "o'hare=8", "midway=4", "dulles=6", "kennedy=5", "stapleton=4", "san francisco international=3",
                "baltimore washington international=2", "hobby=2", "lester b. pearson=1", "newark international=2",
                "detroit metropolitan=1", "lambert=1");
        g.lexicon("airline", "united=30", "american=15", "american airlines=10", "delta=30", "continental=20",
                "us air=15", "usair=5", "northwest=15", "twa=15", "eastern=5", "alaska airlines=3",
                "america west=5", "midwest express=2", "lufthansa=3", "canadian airlines=2", "air canada=2",
                "nationair=1", "tower air=1", "sky west=1");
        g.lexicon("acode", "ua=6", "aa=5", "dl=6", "co=4", "us=4", "nw=3", "tw=3", "as=1", "hp=2", "ea=1", "lh=1",
                "ac=1", "yx=1", "ff=1");
        g.lexicon("apcode", "mco=3", "dfw=5", "lga=3", "bwi=4", "ewr=2", "sfo=3", "bos=2", "den=2", "atl=2",
                "phl=2", "jfk=2", "ord=2", "iad=2", "dal=1", "hou=1", "yyz=1", "mke=1");
        g.lexicon("fcode", "qx=4", "qw=3", "qo=2", "fn=3", "y=4", "f=4", "h=3", "bh=2", "yn=2", "m=2", "b=2",
                "k=1", "c=2", "q=2", "bn=1", "kn=1");
        g.lexicon("rcode", "ap57=3", "ap80=3", "ap68=2", "ap=2", "s=1", "sd=1", "ap55=1");
        g.lexicon("aircraft", "737=6", "747=5", "757=4", "767=5", "727=3", "733=2", "734=1", "72s=2", "dc10=4",
                "dc9=3", "m80=4", "d9s=2", "f28=2", "j31=2", "be1=1", "l1011=2", "100=1", "320=1");

        // dates
        g.lexicon("day", "monday=10", "tuesday=10", "wednesday=10", "thursday=10", "friday=10", "saturday=8",
                "sunday=8");
        g.lexicon("month", "january=4", "february=3", "march=3", "april=4", "may=4", "june=5", "july=5",
                "august=5", "september=4", "october=3", "november=4", "december=4");
        String[] ordinals = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth", "twenty first", "twenty second", "twenty third",
            "twenty fourth", "twenty fifth", "twenty sixth", "twenty seventh", "twenty eighth", "twenty ninth",
            "thirtieth", "thirty first"};
        g.lexicon("dnum", ordinals);
        g.lexicon("rel", "tomorrow=10", "day after tomorrow=2");
        g.lexicon("today", "today");
        g.lexicon("next", "next=5", "this=2");
        g.lexicon("or", "or");

        // times
        g.lexicon("pod", "morning=30", "afternoon=25", "evening=25", "night=4", "day=1");
        g.lexicon("pmod", "early=6", "late=5", "mid=1");
        g.lexicon("trel", "before=25", "after=25", "around=10", "about=3", "no later than=2", "earlier than=2",
                "later than=2", "at or before=1");
        g.lexicon("arel", "by=6", "before=6", "after=3", "around=2", "no later than=1");
        Grammar.Lexicon time = g.lexicon("time", "noon=40", "midnight=6");
        String[] minutes = {"", "15", "30", "45"};
        int[] minuteWeights = {12, 1, 4, 1};
        for (int h = 1; h <= 12; h++) {
            for (int m = 0; m < minutes.length; m++) {
                time.add(h + minutes[m] + " am", minuteWeights[m] * 5);
                time.add(h + minutes[m] + " pm", minuteWeights[m] * 5);
                time.add(h + minutes[m], minuteWeights[m] * 2);
            }
            time.add(h + " o'clock", 1);
        }

        // fares and other flight attributes
        g.lexicon("cheap", "cheapest=20", "lowest=10", "least expensive=4", "most expensive=2", "lowest priced=1");
        g.lexicon("crel", "less than=10", "under=8", "below=3", "cheaper than=2", "no more than=2", "at most=1");
        Grammar.Lexicon fare = g.lexicon("fare");
        int[] amounts = {100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1500};
        for (int a : amounts) {
            fare.add(a + " dollars", 3);
            fare.add(Integer.toString(a), 1);
        }
        g.lexicon("rt", "round trip=20", "one way=12", "roundtrip=1");
        g.lexicon("class", "first class=10", "coach=8", "business class=6", "economy=4", "thrift=1",
                "economy class=2");
        g.lexicon("stop", "nonstop=10", "direct=6", "non stop=2");
        g.lexicon("fmod", "earliest=10", "latest=8", "first=8", "last=8");
        g.lexicon("connect", "connecting");
        g.lexicon("meal", "breakfast=6", "lunch=5", "dinner=6", "snack=2", "snacks=1");
        g.lexicon("mealword", "meal=3", "meals=1");
        g.lexicon("transport", "taxi=10", "limousine=10", "rental car=8", "bus=5", "limo=3", "air taxi=1",
                "car rental=2", "shuttle=2");
        // flight numbers: a fixed list (not seed-dependent), 1 to 4 digits
        Grammar.Lexicon fnum = g.lexicon("fnum");
        Rng fixed = new Rng(0x5eedL);
        List<String> numbers = new ArrayList<>();
        while (numbers.size() < 160) {
            int digits = 1 + fixed.nextInt(4);
            int low = new int[] {1, 10, 100, 1000}[digits - 1];
            int n = low + fixed.nextInt(9 * low);
            String s = Integer.toString(n);
            if (!numbers.contains(s)) {
                numbers.add(s);
                fnum.add(s, 1);
            }
        }
    }
}
