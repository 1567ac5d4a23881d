package io.conduit.source.liveperson;

import io.conduit.source.liveperson.api.LivePersonHostedFiles;
import io.conduit.source.liveperson.api.Sleeper;
import io.conduit.source.liveperson.api.OAuth2ClientCredentials;
import io.conduit.source.liveperson.api.OAuth1Signer;
import io.conduit.source.liveperson.api.LivePersonClientOptions;
import io.conduit.source.liveperson.api.LivePersonClient;
import io.conduit.source.liveperson.api.LivePersonAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * One {@code liveperson-source} template instance's settings, read from the exchange properties its route sets.
 *
 * @param accountId      LivePerson account (site) id
 * @param domainApi      Domain API root, e.g. {@code https://api.liveperson.net}
 * @param baseUri        Messaging Interactions API root, or {@code null} to look it up through the Domain API
 * @param auth           {@code oauth2} or {@code oauth1}
 * @param tokenUri       OAuth 2.0 token endpoint (oauth2)
 * @param clientId       OAuth 2.0 client id (oauth2)
 * @param clientSecret   OAuth 2.0 client secret (oauth2; never logged)
 * @param consumerKey    OAuth 1.0a app key (oauth1)
 * @param consumerSecret OAuth 1.0a app secret (oauth1; never logged)
 * @param token          OAuth 1.0a access token (oauth1)
 * @param tokenSecret    OAuth 1.0a access token secret (oauth1; never logged)
 * @param agentLoginName login name of the user that owns the app key; set to download hosted files, else empty
 * @param lookback       first poll's window
 * @param overlap        how far each later poll reads back before the previous poll's end
 */
public record LivePersonConnectorSettings(String accountId, URI domainApi, URI baseUri, String auth, String tokenUri,
        String clientId, String clientSecret, String consumerKey, String consumerSecret, String token,
        String tokenSecret, String agentLoginName, Duration lookback, Duration overlap) {

    /** Prefix of the exchange properties the route sets; not {@code Conduit}, so no quarantine record copies them. */
    public static final String PREFIX = "LivePerson";

    /**
     * Reads and removes the properties {@code LivePerson<Name>} set by the {@code liveperson-source} route (removed so
     * that the credentials do not travel with the pages' exchanges).
     *
     * @throws IllegalArgumentException when the account id, auth kind, a URI or a number is invalid
     */
    public static LivePersonConnectorSettings from(Exchange exchange) {
        String base = text(exchange, "BaseUri");
        return new LivePersonConnectorSettings(text(exchange, "AccountId"), URI.create(text(exchange, "DomainApi")),
                base.isEmpty() ? null : URI.create(base), text(exchange, "Auth").toLowerCase(java.util.Locale.ROOT),
                text(exchange, "TokenUri"), text(exchange, "ClientId"), text(exchange, "ClientSecret"),
                text(exchange, "ConsumerKey"), text(exchange, "ConsumerSecret"), text(exchange, "Token"),
                text(exchange, "TokenSecret"), text(exchange, "AgentLoginName"), Duration.ofDays(Long.parseLong(text(exchange, "LookbackDays"))),
                Duration.ofMinutes(Long.parseLong(text(exchange, "OverlapMinutes"))));
    }

    /**
     * A client for this account: the Domain API scheme is reused for a looked-up {@code baseURI} (https in production).
     *
     * @throws IllegalArgumentException when {@code auth} is neither {@code oauth2} nor {@code oauth1}, or a credential
     *                                  it needs is empty (the message names the parameter, never its value)
     */
    public LivePersonClient client(HttpClient http) {
        LivePersonClientOptions options = LivePersonClientOptions.of(accountId)
                .withDomainApi(domainApi, domainApi.getScheme());
        if (baseUri != null) {
            options = options.withMsgHistBaseUri(baseUri);
        }
        return new LivePersonClient(options, authorization(http), http, Sleeper.SYSTEM);
    }

    /**
     * The downloader of hosted files, when {@code agent-login-name} is set: it logs in as that user with the app key
     * ({@code consumer-key}, {@code consumer-secret}, {@code token}, {@code token-secret}, whatever {@code auth} is).
     *
     * @return the downloader, or {@code null} when hosted files are not downloaded
     * @throws IllegalArgumentException when the login name is set but an app key value is empty (named, never shown)
     */
    public HostedFileFetcher hostedFiles(HttpClient http) {
        if (agentLoginName == null || agentLoginName.isBlank()) {
            return null;
        }
        require(consumerKey, "consumer-key");
        require(consumerSecret, "consumer-secret");
        require(token, "token");
        require(tokenSecret, "token-secret");
        return new LivePersonHostedFiles(accountId, domainApi, new LivePersonHostedFiles.AgentCredentials(agentLoginName,
                consumerKey, consumerSecret, token, tokenSecret), http, Duration.ofSeconds(60));
    }

    private LivePersonAuth authorization(HttpClient http) {
        switch (auth) {
            case "oauth2" -> {
                require(tokenUri, "token-uri");
                require(clientId, "client-id");
                require(clientSecret, "client-secret");
                return new OAuth2ClientCredentials(URI.create(tokenUri), clientId, clientSecret, http,
                        Clock.systemUTC(), Duration.ofSeconds(60));
            }
            case "oauth1" -> {
                require(consumerKey, "consumer-key");
                require(consumerSecret, "consumer-secret");
                require(token, "token");
                require(tokenSecret, "token-secret");
                return new OAuth1Signer(consumerKey, consumerSecret, token, tokenSecret);
            }
            default -> throw new IllegalArgumentException("auth must be oauth2 or oauth1, not '" + auth + "'");
        }
    }

    private static void require(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("liveperson-source parameter " + parameter + " is required");
        }
    }

    private static String text(Exchange exchange, String name) {
        Object v = exchange.removeProperty(PREFIX + name);
        return v == null ? "" : v.toString().strip();
    }

    @Override
    public String toString() {
        return "LivePersonConnectorSettings[account=" + accountId + ", auth=" + auth + "]";
    }
}
