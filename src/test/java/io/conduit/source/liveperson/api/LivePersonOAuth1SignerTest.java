package io.conduit.source.liveperson.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.scribejava.core.services.TimestampService;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The OAuth 1.0a signature checked against an independent RFC 5849 section 3.4 computation. */
class LivePersonOAuth1SignerTest {

    @Test
    void signatureMatchesRfc5849BaseStringAndHmacSha1() throws Exception {
        TimestampService fixed = new TimestampService() {
            @Override
            public String getTimestampInSeconds() {
                return "137131201";
            }

            @Override
            public String getNonce() {
                return "7d8f3e4a";
            }
        };
        OAuth1Signer signer = new OAuth1Signer("9djdj82h48djs9d2", "j49sk3j29djd", "kkk9d7dh3k39sjv7",
                "dh893hdasih9", fixed);
        URI uri = URI.create("https://va.msghist.liveperson.net/messaging_history/api/account/acc1/conversations/"
                + "search?offset=0&limit=50");
        String header = signer.authorization("POST", uri);

        Map<String, String> params = new TreeMap<>();
        Matcher m = Pattern.compile("(oauth_[a-z_]+)=\"([^\"]*)\"").matcher(header);
        while (m.find()) {
            params.put(m.group(1), URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
        }
        String signature = params.remove("oauth_signature");
        assertThat(params).containsEntry("oauth_timestamp", "137131201").containsEntry("oauth_nonce", "7d8f3e4a");
        params.put("offset", "0");
        params.put("limit", "50");
        StringBuilder normalized = new StringBuilder();
        params.forEach((k, v) -> normalized.append(normalized.isEmpty() ? "" : "&").append(enc(k)).append('=')
                .append(enc(v)));
        String base = "POST&" + enc("https://va.msghist.liveperson.net/messaging_history/api/account/acc1/"
                + "conversations/search") + "&" + enc(normalized.toString());
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((enc("j49sk3j29djd") + "&" + enc("dh893hdasih9"))
                .getBytes(StandardCharsets.US_ASCII), "HmacSHA1"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.US_ASCII)));
        assertThat(signature).isEqualTo(expected);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
