package dev.sessionguard;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.methods.MethodsClient;
import dev.sessionguard.access.AdminGate;
import dev.sessionguard.audit.AuditLog;
import dev.sessionguard.audit.AuditOutbox;
import dev.sessionguard.audit.AuditPoster;
import dev.sessionguard.audit.DurableAuditLog;
import dev.sessionguard.bulk.AuditedRuns;
import dev.sessionguard.bulk.BreachFiles;
import dev.sessionguard.bulk.BulkApi;
import dev.sessionguard.bulk.BulkChannelView;
import dev.sessionguard.bulk.BulkEngine;
import dev.sessionguard.bulk.BulkExpiry;
import dev.sessionguard.bulk.BulkJobRunner;
import dev.sessionguard.bulk.BulkJobs;
import dev.sessionguard.bulk.BulkListeners;
import dev.sessionguard.bulk.BulkSender;
import dev.sessionguard.bulk.BulkService;
import dev.sessionguard.bulk.BulkTargets;
import dev.sessionguard.bulk.PacedBulkApi;
import dev.sessionguard.bulk.TargetSources;
import dev.sessionguard.config.GuardSettings;
import dev.sessionguard.config.ServerSettings;
import dev.sessionguard.config.Settings;
import dev.sessionguard.config.SlackSettings;
import dev.sessionguard.config.ThreatSettings;
import dev.sessionguard.console.ConsoleListeners;
import dev.sessionguard.console.ConsoleService;
import dev.sessionguard.edge.AfterAck;
import dev.sessionguard.edge.CommandRouter;
import dev.sessionguard.edge.HttpServer;
import dev.sessionguard.edge.Replies;
import dev.sessionguard.edge.RequestSignature;
import dev.sessionguard.edge.SlackEventsServlet;
import dev.sessionguard.edge.SlackStartup;
import dev.sessionguard.edge.SocketMode;
import dev.sessionguard.gtr.GtrServlet;
import dev.sessionguard.gtr.UniversalLogout;
import dev.sessionguard.home.HomeListeners;
import dev.sessionguard.metrics.Metrics;
import dev.sessionguard.oauth.InstallStore;
import dev.sessionguard.oauth.OrgInstall;
import dev.sessionguard.oauth.StoredTokens;
import dev.sessionguard.people.DirectoryListeners;
import dev.sessionguard.people.DirectorySync;
import dev.sessionguard.people.UserLists;
import dev.sessionguard.policy.PolicyListeners;
import dev.sessionguard.policy.PolicyService;
import dev.sessionguard.reset.Prefill;
import dev.sessionguard.reset.ResetCommand;
import dev.sessionguard.reset.ResetForms;
import dev.sessionguard.reset.ResetListeners;
import dev.sessionguard.reset.ResetModal;
import dev.sessionguard.safety.ProtectedUsers;
import dev.sessionguard.signout.SignOutService;
import dev.sessionguard.threat.AnomalyCardView;
import dev.sessionguard.threat.AnomalyWatcher;
import dev.sessionguard.threat.ThreatListeners;
import dev.sessionguard.threat.ThreatService;
import dev.sessionguard.workflow.SignOutStep;
import dev.sessionguard.workflow.WorkflowListeners;
import dev.sessionguard.slackapi.AuditLogs;
import dev.sessionguard.slackapi.Directory;
import dev.sessionguard.slackapi.OrgIdentity;
import dev.sessionguard.slackapi.SessionAdminApi;
import dev.sessionguard.slackapi.SlackCalls;
import dev.sessionguard.slackapi.StepCompletions;
import dev.sessionguard.slackapi.Tokens;
import dev.sessionguard.slackapi.ViewCalls;
import dev.sessionguard.storage.Database;
import dev.sessionguard.storage.JdbcAnomalyStore;
import dev.sessionguard.storage.JdbcAuditStore;
import dev.sessionguard.storage.JdbcBulkJobStore;
import dev.sessionguard.storage.JdbcInstallationService;
import dev.sessionguard.storage.JdbcJtiStore;
import dev.sessionguard.storage.JdbcOAuthStateService;
import dev.sessionguard.storage.JdbcPeople;
import dev.sessionguard.storage.JdbcShownItems;
import dev.sessionguard.storage.JdbcStepRuns;
import dev.sessionguard.storage.JdbcSubmissionLedger;
import dev.sessionguard.storage.TokenCipher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.servlet.http.HttpServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: settings → Slack client → features → HTTP server. {@link Main} and the
 * end-to-end tests start the app through this one path.
 */
public final class SessionGuard implements AutoCloseable {

    /** The longest one Slack Web API call may take; see {@link #slackClient}. */
    public static final Duration SLACK_CALL_TIMEOUT = Duration.ofSeconds(20);
    /**
     * The app's own waits by the wall clock, passed in rather than fixed: {@link Main} runs with {@link #PRODUCTION},
     * and the tests shorten the ones they would otherwise sit through.
     *
     * @param bulkLease           how long a bulk job's claim holds without renewal (renewed every third of it while
     *                            the job runs): how soon after an instance dies another one resumes its job
     * @param directoryFirstDelay how soon after start the user directory's first sync begins, when it has never
     *                            finished one: after start-up's own work on the cores, and never in the way of the
     *                            first requests (it runs on a thread of its own)
     * @param backgroundInterval  how often the audit outbox and the bulk jobs look for work nobody woke them for
     * @param stopIdle            at a stop, how long a kept-alive connection may sit idle before it is closed (Jetty's
     *                            shutdown idle timeout): the stop waits for every connection to close
     */
    public record Timings(Duration bulkLease, Duration directoryFirstDelay, Duration backgroundInterval,
            Duration stopIdle) {
        public static final Timings PRODUCTION = new Timings(Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(1));
    }

    /**
     * Not a static field: Logback sets itself up on the first logger (about a tenth of a second), and {@link #start}
     * begins opening the database before that, on a thread of its own.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(SessionGuard.class);
    }

    private final HttpServer server;
    private final App app;
    private final SocketMode socket; // null unless SLACK_APP_TOKEN is set
    private final SlackStartup startup;
    private final Infrastructure infra;
    private final Features features;

    private SessionGuard(HttpServer server, App app, SocketMode socket, SlackStartup startup, Infrastructure infra,
            Features features) {
        this.server = server;
        this.app = app;
        this.socket = socket;
        this.startup = startup;
        this.infra = infra;
        this.features = features;
    }

    public static SessionGuard start(Settings settings) throws Exception {
        return start(settings, Clock.systemUTC(), Timings.PRODUCTION);
    }

    public static SessionGuard start(Settings settings, Clock clock, Timings timings) throws Exception {
        // Start-up is mostly class loading and the schema check, on 2 cores: the database opens (and migrates) on
        // its own thread, and Jetty's server is built on another, while Slack's client and Bolt are set up; what
        // needs either first waits for it.
        Database database = Database.openInBackground(settings.server().databaseUrl());
        HttpServer.Building http = HttpServer.build(settings.server().port(),
                settings.server().maxConnectionsPerAddress(), timings.stopIdle());
        Infrastructure infra = Infrastructure.build(settings, clock, timings, database);
        App app = boltApp(settings, infra.slack(), infra.install(), infra.afterAck());
        Features features = Features.build(infra);
        features.register(app);
        infra.metrics().outboxBacklog(infra.auditStore()::backlog);
        if (settings.threat().isPresent()) {
            infra.metrics().threatResponse();
        }
        infra.metrics().directory(infra.people()::count,
                () -> infra.people().lastFullSync().map(Instant::getEpochSecond).orElse(0L));
        // Universal Logout: the IdP signs people out at /global-token-revocation (the usual 404 there when it is off).
        Map<String, HttpServlet> universalLogout = settings.gtr().map(gtr -> UniversalLogout.servlets(gtr,
                infra.directory(), infra.sessionAdmin(), infra.audit(), infra.protectedUsers(),
                new JdbcJtiStore(database, clock), clock, infra.metrics().gtrRequests(GtrServlet.OUTCOMES)))
                .orElseGet(UniversalLogout::off);
        SocketMode socket = settings.slack().appToken().map(token -> new SocketMode(app, token)).orElse(null);
        // Slack's start-up check runs while Jetty starts: nothing acts before it passed (the door answers 503 and
        // /healthz says "starting" until then).
        Runnable slackStart = socket == null ? app::start : socket::start;
        SlackStartup startup = new SlackStartup(() -> {
            features.beforeBoltStarts(app);
            slackStart.run();
        }).begin();
        HttpServer server;
        try {
            server = HttpServer.start(http,
                    socket == null ? eventsServlet(settings, app, database, clock, startup, infra.metrics()) : null,
                    () -> readiness(startup, socket, database),
                    servlets(infra.metrics(), infra.install(), app, universalLogout));
        } catch (Exception e) {
            startup.close();
            throw e;
        }
        SessionGuard guard = new SessionGuard(server, app, socket, startup, infra, features);
        try {
            database.awaitOpen();
        } catch (IllegalStateException e) {
            guard.closeAfterFailedStart();
            throw e;
        }
        features.start(timings);
        infra.directorySync().start();
        // The first form's JSON, written once now rather than inside an admin's first trigger (nothing is sent).
        ViewCalls.prepareInBackground(List.of(ResetModal.checking("prepare"), ResetModal.form(Prefill.EMPTY)));
        log().info("Session Guard listening on port {}: {} mode, {}, audit database {}", server.port(),
                infra.install() != null ? "OAuth" : "token", socket == null ? "HTTP" : "Socket Mode",
                Database.describe(settings.server().databaseUrl()));
        return guard;
    }

    /**
     * What every feature is built from: the stores, Slack's client and its wrappers, the admin gate, the after-ack
     * lanes, the audit trail and the sign-out service. Built once, before any feature; nothing in it is set
     * afterwards.
     *
     * @param install OAuth mode's install flow, or null in token mode
     */
    record Infrastructure(Settings settings, Clock clock, Timings timings, Database database, Slack slack,
            MethodsClient methods, Metrics metrics,
            SlackCalls calls, ProtectedUsers protectedUsers, OrgInstall install, Tokens tokens, Directory directory,
            OrgIdentity orgIdentity, AdminGate gate, JdbcPeople people, DirectorySync directorySync, ViewCalls views,
            AfterAck afterAck, JdbcAuditStore auditStore, JdbcBulkJobStore bulkStore, JdbcShownItems shownItems,
            JdbcAnomalyStore anomalies, AuditOutbox outbox, AuditLog audit, SessionAdminApi sessionAdmin,
            SignOutService signOut) {

        static Infrastructure build(Settings settings, Clock clock, Timings timings, Database database) {
            Slack slack = slackClient(settings);
            MethodsClient methods = slack.methods();
            Metrics metrics = new Metrics();
            SlackCalls calls = SlackCalls.withDefaults().listener(metrics.slackListener());
            // OAuth mode: the tokens come from the org's install, stored encrypted in the database.
            InstallStore installStore = settings.oauth().map(o -> (InstallStore) new JdbcInstallationService(database,
                    TokenCipher.fromBase64(o.encryptionKey()))).orElse(null);
            Tokens tokens = installStore != null ? new StoredTokens(installStore)
                    : Tokens.fixed(settings.slack().botToken(), settings.slack().adminToken());
            Directory directory = new Directory(methods, tokens, calls);
            OrgIdentity orgIdentity = new OrgIdentity(methods, tokens, calls);
            GuardSettings guard = settings.guard();
            AdminGate gate = new AdminGate(directory, orgIdentity, guard.adminGroup(), guard.adminCache());
            // The user directory: a copy of the org's people in the database, for bulk previews only (the gate above
            // always asks Slack). users.list fills it on a thread of its own, paced to Slack's Tier 2 per workspace,
            // one instance at a time; DirectoryListeners keeps it fresh from user_change and team_join.
            JdbcPeople people = new JdbcPeople(database, clock);
            DirectorySync directorySync = new DirectorySync(people,
                    new UserLists(methods, tokens, calls.withoutRetries()), "instance-" + UUID.randomUUID(),
                    directoryTiming(settings, timings), clock, DirectorySync.Waits.REAL);
            OrgInstall install = installStore == null ? null : OrgInstall.open(installStore,
                    new JdbcOAuthStateService(database, clock), (StoredTokens) tokens, clock, () -> {
                        orgIdentity.forget(); // a new or removed install may be another org
                        directorySync.wake(); // a sync that failed for want of an install need not wait its backoff
                    });
            // Busy notices are tried once: a rate-limited one is dropped and counted, never slept on by the notice
            // lane.
            Replies notices = new Replies(slack, new ViewCalls(methods, tokens, calls.withoutRetries()));
            AfterAck afterAck = AfterAck.start(lanes(settings.server().lanes()), notices, clock,
                    metrics.busyListener());
            JdbcAuditStore auditStore = new JdbcAuditStore(database, clock);
            JdbcBulkJobStore bulkStore = new JdbcBulkJobStore(database, clock);
            JdbcAnomalyStore anomalies = new JdbcAnomalyStore(database, auditStore, clock);
            // The outbox does its own backoff, so its posts are not retried inline. Bulk jobs are drawn in the audit
            // channel as one message each, and Slack's anomalies as one card a person and 15 minutes.
            AuditPoster poster = new AuditPoster(methods, tokens, guard.auditChannel(), calls.withoutRetries(),
                    List.of(new BulkChannelView(bulkStore, clock), new AnomalyCardView(anomalies)));
            AuditOutbox outbox = new AuditOutbox(auditStore, poster, clock).start(timings.backgroundInterval());
            AuditLog audit = new DurableAuditLog(auditStore, outbox, guard.maxResetsPerMinute());
            SessionAdminApi sessionAdmin = new SessionAdminApi(methods, tokens, calls);
            ProtectedUsers protectedUsers = ProtectedUsers.of(guard.protectedUsers());
            SignOutService signOut = new SignOutService(gate, directory, sessionAdmin, audit, clock, protectedUsers);
            return new Infrastructure(settings, clock, timings, database, slack, methods, metrics, calls,
                    protectedUsers, install, tokens,
                    directory, orgIdentity, gate, people, directorySync, new ViewCalls(methods, tokens, calls),
                    afterAck, auditStore, bulkStore, new JdbcShownItems(database, clock), anomalies, outbox, audit,
                    sessionAdmin, signOut);
        }
    }

    /**
     * Each feature's Bolt side, built from the {@link Infrastructure} and knowing no other feature: the console and
     * App Home get other features' forms as openers. Incident mode's jobs run in the background.
     */
    record Features(Infrastructure infra, ResetListeners reset, ConsoleListeners console, PolicyListeners policy,
            BulkListeners bulk, HomeListeners home, DirectoryListeners directory, BulkJobs jobs, BulkExpiry expiry,
            ThreatListeners threat, AnomalyWatcher watcher, WorkflowListeners workflow) {

        static Features build(Infrastructure infra) {
            Settings settings = infra.settings();
            Clock clock = infra.clock();
            int maxUsers = settings.guard().maxUsers();
            ResetForms resetForms = new ResetForms(infra.signOut(), infra.gate(), infra.views());
            // Session console, session policy and App Home: they lead into the reset form, never around it.
            PolicyListeners policy = new PolicyListeners(new PolicyService(infra.gate(), infra.sessionAdmin(),
                    infra.audit(), clock, infra.protectedUsers(), maxUsers), infra.views(), infra.afterAck(), maxUsers);
            ConsoleListeners console = new ConsoleListeners(new ConsoleService(infra.gate(), infra.directory(),
                    infra.sessionAdmin(), infra.audit(), infra.shownItems(), clock, infra.protectedUsers()),
                    resetForms::open, policy::open, infra.views(), infra.afterAck());
            ResetListeners reset = new ResetListeners(infra.signOut(), resetForms, infra.views(), infra.afterAck(),
                    maxUsers, console::open);

            // Incident mode: each job is run by one instance at a time, its runs written ahead in the audit trail.
            BulkEngine engine = new BulkEngine(new BulkSender(PacedBulkApi.tier2(BulkApi.of(infra.sessionAdmin())),
                    BulkSender.DEFAULT_EXTRA_CALLS, infra.protectedUsers()));
            BulkJobs jobs = new BulkJobs(new BulkJobRunner(infra.bulkStore(), engine, "instance-" + UUID.randomUUID(),
                    infra.timings().bulkLease(),
                    new AuditedRuns(infra.gate(), infra.audit(), infra.bulkStore(), clock)));
            TargetSources sources = new TargetSources(infra.methods(), infra.tokens(), infra.calls());
            // Previews classify people from the directory, asking Slack (once each, never waiting out a Retry-After)
            // only about the few it does not know; uploaded breach lists are fetched from Slack's file host with the
            // bot token.
            BulkTargets targets = new BulkTargets(infra.people(), new Directory(infra.methods(), infra.tokens(),
                    infra.calls().withoutRetries()), sources,
                    new BreachFiles(infra.tokens(), settings.slack().apiUrl()),
                    infra.protectedUsers(), infra.orgIdentity()::orgId);
            BulkService service = new BulkService(infra.gate(), targets, infra.bulkStore(), infra.audit(),
                    infra.auditStore()::delivery, clock, settings.incident().approvalThreshold(),
                    settings.incident().approvalTtl(), jobs::wake);
            BulkListeners bulk = new BulkListeners(service, sources, infra.views(), infra.afterAck(),
                    settings.guard().auditChannel(), clock);

            HomeListeners home = new HomeListeners(infra.gate(), infra.audit(), infra.views(), infra.afterAck(), clock,
                    new HomeListeners.Tools(resetForms::open, console::open, policy::open, bulk::openForm),
                    List.of(bulk::homeSection));
            // Threat response: the cards' buttons always work (cards outlive a change of settings); Slack's audit logs
            // are read only when SLACK_AUDIT_LOGS_TOKEN is set.
            Optional<ThreatSettings> threatSettings = settings.threat();
            ThreatService threat = new ThreatService(infra.anomalies(), infra.signOut(), infra.gate(),
                    infra.directory(), infra.protectedUsers(), infra.audit(), infra.outbox()::nudge, clock,
                    threatSettings.map(t -> new ThreatService.Automatic(t.autoReasons(), t.autoMaxPerHour()))
                            .orElse(ThreatService.Automatic.OFF), threatCounts(infra.metrics()),
                    infra.auditStore()::delivery);
            AnomalyWatcher watcher = threatSettings.map(t -> {
                AuditLogs logs = new AuditLogs(infra.slack(), t.auditLogsUrl(), t.auditLogsToken());
                return new AnomalyWatcher((oldest, cursor, limit) -> logs.page(AuditLogs.SESSION_ACTIONS, oldest,
                        cursor, limit), infra.anomalies(), threat, "instance-" + UUID.randomUUID(), t.pollInterval(),
                        clock);
            }).orElse(null);
            return new Features(infra, reset, console, policy, bulk, home, new DirectoryListeners(infra.people()),
                    jobs, new BulkExpiry(service), new ThreatListeners(threat, console::open, infra.views(),
                            infra.afterAck()), watcher, workflow(infra));
        }

        /**
         * The Workflow Builder step: the same gate, sign-out path and limits as /session-reset, each run once; it
         * completes with the run's own workflow token.
         */
        private static WorkflowListeners workflow(Infrastructure infra) {
            SignOutStep step = new SignOutStep(new JdbcStepRuns(infra.database(), infra.clock()), infra.gate(),
                    infra.signOut(), infra.audit(), infra.settings().guard().maxUsers(), infra.clock());
            return new WorkflowListeners(step, new StepCompletions(infra.methods(), infra.calls()),
                    new StepCompletions(infra.methods(), infra.calls().withoutRetries()), infra.afterAck());
        }

        /**
         * Hands every feature to Bolt. One door for the slash command: each feature registers its own subcommands
         * with the router, and the rest is the reset form.
         */
        void register(App app) {
            if (infra.install() != null) {
                infra.install().register(app, infra.audit(), infra.methods(), infra.calls());
            }
            CommandRouter router = new CommandRouter(ResetCommand.COMMAND, ResetCommand.USAGE, infra.afterAck(),
                    reset::command);
            console.subcommands(router);
            policy.subcommands(router);
            bulk.subcommands(router);
            router.register(app);
            reset.register(app);
            policy.register(app);
            console.register(app);
            bulk.register(app);
            home.register(app);
            directory.register(app);
            threat.register(app);
            workflow.register(app);
        }

        /** On the start-up thread, just before Bolt starts: what would ask Slack if done at registration. */
        void beforeBoltStarts(App app) {
            workflow.keepRawBodies(app);
        }

        /** The background work, once the database is open. */
        void start(Timings timings) {
            jobs.start(timings.backgroundInterval());
            expiry.start(timings.backgroundInterval());
            if (watcher != null) {
                watcher.start();
            }
        }

        /** Stops the background work between chunks (a running job's claim is let go for the next start). */
        void close() {
            if (watcher != null) {
                watcher.close();
            }
            expiry.close();
            jobs.close();
        }
    }

    /** Threat response's counts on /metrics. */
    private static ThreatService.Counts threatCounts(Metrics metrics) {
        return new ThreatService.Counts() {
            @Override
            public void anomaly(String reason) {
                metrics.anomaly(reason);
            }

            @Override
            public void autoSignOut(String outcome) {
                metrics.autoSignOut(outcome);
            }
        };
    }

    private static DirectorySync.Timing directoryTiming(Settings settings, Timings timings) {
        DirectorySync.Timing tier2 = DirectorySync.Timing.slackTier2(settings.incident().directorySync());
        return new DirectorySync.Timing(timings.directoryFirstDelay(), tier2.interval(), tier2.calls(), tier2.window(),
                tier2.lease(),
                tier2.retry(), tier2.maxRetry());
    }

    /** Bolt with the signing secret and, in token mode, the bot token; in OAuth mode the install flow. */
    private static App boltApp(Settings settings, Slack slack, OrgInstall install, AfterAck afterAck) {
        boolean oauth = install != null;
        SlackSettings slackSettings = settings.slack();
        AppConfig appConfig = AppConfig.builder()
                .slack(slack)
                .signingSecret(slackSettings.signingSecret() == null ? null : slackSettings.signingSecret().reveal())
                .singleTeamBotToken(oauth ? null : slackSettings.botToken().reveal())
                // Bolt reads these from the environment by default; OrgInstall.configure sets them in OAuth mode.
                .clientId(null)
                .clientSecret(null)
                // Without the cache Bolt calls auth.test before every handler, a Slack round trip on the ack path;
                // with its default expiry (10 min) one request in ten minutes still waits on Slack. A negative expiry
                // keeps the answer for the process's life: a revoked token shows in the calls that use it.
                .authTestCacheEnabled(true)
                .authTestCacheExpirationMillis(-1)
                // SlackEventsServlet checks every request's signature on its raw bytes before Bolt sees it, and
                // Socket Mode has none to check; Bolt's own check would redo the same HMAC on a re-encoded copy of
                // the body (a tenth of an ack's CPU in bench/perf's profile). The OAuth pages reach Bolt only as
                // install requests, which Bolt doesn't verify either.
                .requestVerificationEnabled(false)
                // Events the app doesn't handle are acked, not retried by Slack.
                .allEventsApiAutoAckEnabled(true)
                .build();
        settings.oauth().ifPresent(o -> OrgInstall.configure(appConfig, o));
        return oauth ? install.app(appConfig, afterAck::tellLater) : new App(appConfig);
    }

    /** The Slack SDK pointed at {@code settings.slack().apiUrl()}; the app and {@code doctor} both use this one. */
    public static Slack slackClient(Settings settings) {
        SlackConfig slackConfig = new SlackConfig();
        slackConfig.setMethodsEndpointUrlPrefix(settings.slack().apiUrl());
        // The SDK's stats make a hidden auth.test per token and, at DEBUG, log part of the token.
        slackConfig.setStatsEnabled(false);
        // A whole call (connect, send, wait, read) ends within this: well inside the audit outbox's claim lease,
        // so a slow post can't outlive its claim and be posted twice by another instance.
        slackConfig.setHttpClientCallTimeoutMillis((int) SLACK_CALL_TIMEOUT.toMillis());
        slackConfig.setHttpClientReadTimeoutMillis((int) SLACK_CALL_TIMEOUT.toMillis());
        slackConfig.setHttpClientWriteTimeoutMillis((int) SLACK_CALL_TIMEOUT.toMillis());
        return Slack.getInstance(slackConfig);
    }

    /**
     * The one door for Slack's requests over HTTP. In Socket Mode there is none: Slack's requests come over the
     * socket, and nothing that arrives over HTTP may run as one (there may be no signing secret to check it by).
     */
    private static SlackEventsServlet eventsServlet(Settings settings, App app, Database database, Clock clock,
            SlackStartup startup, Metrics metrics) {
        return new SlackEventsServlet(app, new RequestSignature(settings.slack().signingSecret(), clock),
                new JdbcSubmissionLedger(database, clock), startup::ready, metrics.requestListener());
    }

    /** Ready when Slack accepted the app, the socket is open (Socket Mode) and the database answers. */
    private static HttpServer.Health readiness(SlackStartup startup, SocketMode socket, Database database) {
        HttpServer.Health slack = socket == null ? startup.health() : socket.health(startup.health());
        return !slack.ready() || database.healthy() ? slack
                : new HttpServer.Health(false, "the database does not answer");
    }

    /** Endpoints beside /slack/events and /healthz: metrics, in OAuth mode the install pages, Universal Logout. */
    private static Map<String, HttpServlet> servlets(Metrics metrics, OrgInstall install, App app,
            Map<String, HttpServlet> universalLogout) {
        Map<String, HttpServlet> servlets = new HashMap<>(Map.of(Metrics.PATH, metrics.servlet()));
        servlets.putAll(universalLogout); // Universal Logout, when SESSION_GUARD_GTR_ISSUER is set
        if (install != null) {
            servlets.putAll(install.servlets(app));
        }
        return servlets;
    }

    private static AfterAck.Sizes lanes(ServerSettings.Lanes lanes) {
        return new AfterAck.Sizes(lanes.fastThreads(), lanes.fastQueue(), lanes.slowThreads(), lanes.slowQueue());
    }

    /** Stops what start had begun when the database could not be opened; the caller reports why. */
    private void closeAfterFailedStart() {
        try {
            close();
        } catch (Exception | Error e) {
            log().warn("Stopping after a failed start was not clean ({})", e.getClass().getSimpleName());
        }
    }

    public int port() {
        return server.port();
    }

    /** For the shutdown line: what the outbox leaves to the next start. */
    private String outboxLeft() {
        try {
            long waiting = infra.outbox().backlog();
            return waiting == 0 ? "every record delivered"
                    : waiting + " record(s) still waiting, delivered by the next start";
        } catch (RuntimeException e) {
            return "not known (" + e.getClass().getSimpleName() + ")";
        }
    }

    /**
     * Stops taking requests, lets in-flight Slack work finish (bounded), tries the outbox once more,
     * then closes the database. Anything still undelivered is delivered by the next start.
     */
    @Override
    public void close() throws Exception {
        AfterAck afterAck = infra.afterAck();
        long tasksBefore = afterAck.completedTasks(); // for the last line: what the stop let finish
        startup.close();
        server.close();
        if (socket != null) {
            socket.close();
        }
        features.close();
        infra.directorySync().close();
        if (!afterAck.close(Duration.ofSeconds(60))) {
            log().warn("Stopped with Slack work still running");
        }
        long tasksFinished = afterAck.completedTasks() - tasksBefore;
        infra.outbox().close();
        app.stop();
        log().info("Stopped: {} Slack task(s) finished, outbox: {}", tasksFinished, outboxLeft());
        infra.database().close();
    }
}
