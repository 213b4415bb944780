package dev.sessionguard.support;

import java.util.List;

/**
 * The people of the fake Enterprise Grid org that the tests act as and act on. {@link #register} puts all of them
 * on a {@link FakeSlack}, so {@code users.info} knows each one; a test that needs someone different registers that
 * person again on top (the last registration of an id wins).
 */
public final class Org {

    /** Org Admin "ada": may use every tool. */
    public static final String ADMIN = "W0000ADMIN";
    /** Org Owner "olga". */
    public static final String OWNER = "W0000OWNER";
    /** Primary Org Owner "pat": never signed out by the app. */
    public static final String PRIMARY = "W0000PRIME";
    /** Plain member "mel": refused by the admin gate. */
    public static final String MEMBER = "W0000MEMBER";
    /** Workspace admin "wanda" with no org role: refused. */
    public static final String WS_ADMIN = "W0000WSADM";
    /** "otto", an Org Admin of another org ({@link #OTHER_ORG}, reached over Slack Connect): refused. */
    public static final String OUTSIDER = "W0000OUTSD";
    /** Members the admins act on: "alice", "bob", "carol". */
    public static final String ALICE = "W0000ALICE";
    public static final String BOB = "W0000BOB";
    public static final String CAROL = "W0000CAROL";
    /** A bot user "deploybot": not signed out. */
    public static final String BOT = "W0000BOT";
    /** A deactivated account "gone": not signed out. */
    public static final String GONE = "W0000GONE";
    /** "glass", a break-glass member account: protected only where a test sets SESSION_GUARD_PROTECTED_USERS. */
    public static final String BREAK_GLASS = "W0000GLASS";

    public static final String OTHER_ORG = "E0000OTHER";

    private static final List<FakeUser> PEOPLE = List.of(
            FakeUser.member(ADMIN).name("ada").orgAdmin(),
            FakeUser.member(OWNER).name("olga").orgOwner(),
            FakeUser.member(PRIMARY).name("pat").primaryOwner(),
            FakeUser.member(MEMBER).name("mel"),
            FakeUser.member(WS_ADMIN).name("wanda").workspaceAdminOnly(),
            FakeUser.member(OUTSIDER).name("otto").orgAdmin().fromOtherOrg(OTHER_ORG),
            FakeUser.member(ALICE).name("alice"),
            FakeUser.member(BOB).name("bob"),
            FakeUser.member(CAROL).name("carol"),
            FakeUser.member(BOT).name("deploybot").bot(),
            FakeUser.member(GONE).name("gone").deactivated(),
            FakeUser.member(BREAK_GLASS).name("glass"));

    private Org() {
    }

    /** Registers everyone above on {@code slack} and returns it. */
    public static FakeSlack register(FakeSlack slack) {
        PEOPLE.forEach(slack::user);
        return slack;
    }
}
