package dev.sessionguard.gtr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sessionguard.gtr.GtrRequest.Email;
import dev.sessionguard.gtr.GtrRequest.IssSub;
import dev.sessionguard.gtr.GtrRequest.Malformed;
import dev.sessionguard.gtr.GtrRequest.Ok;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GtrRequestTest {

    @Test
    void anEmailSubjectIsRead() {
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":\"email\",\"email\":\"alice@example.com\"}}"))
                .isEqualTo(new Ok(new Email("alice@example.com")));
    }

    @Test
    void anIssSubSubjectIsRead() {
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"https://idp\",\"sub\":\"W1\"}}"))
                .isEqualTo(new Ok(new IssSub("https://idp", "W1")));
    }

    @Test
    void theOlderSubIdKeyIsReadAndSubjectWinsWhenBothAreThere() {
        assertThat(GtrRequest.parse("{\"sub_id\":{\"format\":\"email\",\"email\":\"a@b.c\"}}"))
                .isEqualTo(new Ok(new Email("a@b.c")));
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":\"email\",\"email\":\"a@b.c\"},"
                + "\"sub_id\":{\"format\":\"email\",\"email\":\"x@y.z\"}}")).isEqualTo(new Ok(new Email("a@b.c")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "\"x\"", "{", "{}", "{\"subject\":null}", "{\"subject\":[]}",
            "{\"subject\":{}}", "{\"subject\":{\"format\":1}}", "{\"subject\":{\"format\":\"phone\"}}",
            "{\"subject\":{\"format\":\"email\"}}", "{\"subject\":{\"format\":\"email\",\"email\":\"no-at-sign\"}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"a @b.c\"}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"a@b@c\"}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"  \"}}",
            "{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"https://idp\"}}",
            "{\"subject\":{\"format\":\"iss_sub\",\"sub\":\"W1\"}}",
            "{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"https://idp\",\"sub\":7}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"a@b.c\"}} {}",
            "{'subject':{'format':'email','email':'a@b.c'}}"})
    void anythingElseIsMalformed(String body) {
        assertThat(GtrRequest.parse(body)).as(body).isInstanceOf(Malformed.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"subject\":{\"format\":\"email\",\"email\":\"a@x\",\"email\":\"b@x\"}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"a@x\"},"
                    + "\"subject\":{\"format\":\"email\",\"email\":\"b@x\"}}",
            "{\"subject\":{\"format\":\"iss_sub\",\"format\":\"email\",\"email\":\"a@x\"}}",
            "{\"subject\":{\"format\":\"email\",\"email\":\"a@x\"},\"extra\":[{\"k\":1,\"k\":2}]}"})
    void anObjectThatNamesAMemberTwiceIsMalformedAtAnyDepth(String body) {
        assertThat(GtrRequest.parse(body)).as(body)
                .isEqualTo(new Malformed("an object in the body names a member twice"));
    }

    @Test
    void theSameNameInSeparateObjectsIsNoRepeat() {
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":\"email\",\"email\":\"a@x\"},"
                + "\"other\":{\"format\":\"x\",\"email\":\"b@x\"},\"list\":[{\"k\":1},{\"k\":2}]}"))
                .isEqualTo(new Ok(new Email("a@x")));
    }

    @Test
    void anOverlongEmailIsMalformedAndNoPhraseQuotesTheBody() {
        String body = "{\"subject\":{\"format\":\"email\",\"email\":\"" + "a".repeat(300) + "@example.com\"}}";

        assertThat(GtrRequest.parse(body)).isInstanceOfSatisfying(Malformed.class,
                m -> assertThat(m.why()).doesNotContain("aaaa"));
    }
    @Test
    void fieldsAreReadUpToTheirLimitsAndNoFurther() {
        String email = "a".repeat(GtrRequest.MAX_EMAIL - "@example.com".length()) + "@example.com";
        assertThat(GtrRequest.parse(emailBody(email))).isEqualTo(new Ok(new Email(email)));
        assertThat(GtrRequest.parse(emailBody("a" + email)))
                .isEqualTo(new Malformed("the subject has no email address"));

        String longest = "i".repeat(GtrRequest.MAX_FIELD);
        assertThat(GtrRequest.parse(issSubBody(longest, longest))).isEqualTo(new Ok(new IssSub(longest, longest)));
        assertThat(GtrRequest.parse(issSubBody(longest + "i", "W1")))
                .isEqualTo(new Malformed("the iss_sub subject needs an iss and a sub"));
        assertThat(GtrRequest.parse(issSubBody("https://idp", longest + "s")))
                .isEqualTo(new Malformed("the iss_sub subject needs an iss and a sub"));
    }

    @Test
    void aMemberThatIsNotAStringIsAbsent() {
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":\"email\",\"email\":{\"a\":\"b@c.d\"}}}"))
                .isEqualTo(new Malformed("the subject has no email address"));
        assertThat(GtrRequest.parse("{\"subject\":{\"format\":[\"email\"]}}"))
                .isEqualTo(new Malformed("the subject has no format"));
    }

    private static String emailBody(String email) {
        return "{\"subject\":{\"format\":\"email\",\"email\":\"" + email + "\"}}";
    }

    private static String issSubBody(String iss, String sub) {
        return "{\"subject\":{\"format\":\"iss_sub\",\"iss\":\"" + iss + "\",\"sub\":\"" + sub + "\"}}";
    }
}
