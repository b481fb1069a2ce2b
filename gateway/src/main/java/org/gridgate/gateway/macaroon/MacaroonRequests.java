package org.gridgate.gateway.macaroon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gridgate.caveat.MacaroonIssuer;
import org.gridgate.caveat.MacaroonRequest;
import org.gridgate.caveat.MintRefusedException;
import org.gridgate.caveat.MintedMacaroon;
import org.gridgate.caveat.TokenScopes;
import org.gridgate.gateway.auth.Client;
import org.gridgate.gateway.authz.Grant;
import org.gridgate.gateway.http.Exchange;
import org.gridgate.gateway.http.RequestHead;
import org.gridgate.gateway.http.Responder;
import org.gridgate.gateway.http.Router;
import org.gridgate.gateway.refusal.AccessDeniedException;
import org.gridgate.gateway.refusal.BodyTooLargeException;
import org.gridgate.gateway.refusal.MalformedRequestException;
import org.gridgate.gateway.refusal.RefusedException;
import org.gridgate.gateway.refusal.UnsupportedMediaTypeException;
import org.gridgate.gateway.metrics.DoorMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The macaroon-request endpoint, wire-compatible with the dCache WebDAV door: {@code POST} with
 * {@code Content-Type: application/macaroon-request} to any path, JSON {@code {"caveats":[...],"validity":"PT1H"}}
 * in, {@code {"macaroon":...,"uri":{...}}} out. An X.509 client gets a macaroon within the site policy; a macaroon
 * holder gets an attenuated one; a WLCG token holder one within its scopes and the site policy.
 */
public final class MacaroonRequests {

    public static final String CONTENT_TYPE = "application/macaroon-request";
    /** Requests are a few hundred bytes; XRootD allows 4 KiB. */
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MacaroonRequests.class);

    private final MacaroonIssuer issuer;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final DoorMetrics metrics;

    public MacaroonRequests(MacaroonIssuer issuer, DoorMetrics metrics) {
        this.issuer = issuer;
        this.metrics = metrics;
    }

    public static boolean isMacaroonRequest(HttpRequest request) {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals(CONTENT_TYPE);
    }

    /**
     * Refuses, before the body is read, what is not a macaroon request, a client that may not mint at all (the
     * request's {@code grant} says), and a body announced beyond the limit.
     */
    public Router.Decision decide(RequestHead head, Grant grant) throws RefusedException {
        if (!isMacaroonRequest(head.request())) {
            throw new UnsupportedMediaTypeException(
                    "POST is only for macaroon requests: Content-Type must be '" + CONTENT_TYPE + "'");
        }
        grant.requireMinting();
        if (HttpUtil.getContentLength(head.request(), 0L) > MAX_BODY_BYTES) {
            throw tooLarge();
        }
        // Minting needs no storage: it is served on the event loop, with no hand-off to the I/O executor.
        return Router.inMemory(() -> {
            head.continuation().run();
            return new Request(head, grant);
        });
    }

    private BodyTooLargeException tooLarge() {
        metrics.mintRefused("too_large");
        return new BodyTooLargeException("Macaroon request too large (limit " + MAX_BODY_BYTES + " bytes)");
    }

    private final class Request implements Exchange {
        private final RequestHead head;
        private final Grant grant;
        private final CompositeByteBuf body = Unpooled.compositeBuffer();

        Request(RequestHead head, Grant grant) {
            this.head = head;
            this.grant = grant;
        }

        @Override
        public void content(ByteBuf data) throws BodyTooLargeException {
            if (body.readableBytes() + data.readableBytes() > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            body.addComponent(true, data.retain());
        }

        @Override
        public void finish(Responder responder) throws Exception {
            try {
                mint(responder);
            } catch (MintRefusedException e) {
                metrics.mintRefused(e.kind() == MintRefusedException.Kind.BAD_REQUEST ? "bad_request" : "forbidden");
                throw e;
            } catch (AccessDeniedException e) {
                metrics.mintRefused("forbidden");
                throw e;
            } catch (MalformedRequestException e) {
                metrics.mintRefused("bad_request");
                throw e;
            }
        }

        private void mint(Responder responder) throws Exception {
            MacaroonRequest request;
            try {
                request = parse(body.toString(StandardCharsets.UTF_8));
            } finally {
                body.release();
            }
            grant.requireMintable(request);
            String storagePath = grant.storagePath();
            MintedMacaroon minted = mint(head.client(), storagePath, request);
            metrics.macaroonIssued(head.client() instanceof Client.Bearer ? "attenuate"
                    : head.client() instanceof Client.Token ? "token" : "issue");
            LOG.info("issued macaroon iid:{} for {} on {} until {} (rule {})", minted.issueId(),
                    head.client().describe(), storagePath, minted.expiry(), minted.rule());
            responder.send(Responder.body(HttpResponseStatus.OK, "application/json",
                    responseBody(minted.serialized()).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public void abort() {
            body.release();
        }

        /**
         * A macaroon holder attenuates its own; a WLCG token holder gets what the request, the token's scopes and the
         * policy rule for its groups all allow, until the token's exp at the latest; an X.509 client what its rule
         * allows.
         */
        private MintedMacaroon mint(Client client, String storagePath, MacaroonRequest request)
                throws MintRefusedException {
            if (client instanceof Client.Bearer bearer) {
                return issuer.attenuate(bearer.rights(), storagePath, request);
            }
            if (client instanceof Client.Token token) {
                TokenScopes scopes = token.token().scopes();
                return issuer.issueForToken(token.requester(), storagePath, request,
                        scopes.capabilityBased() ? Optional.of(scopes.heldAt(storagePath)) : Optional.empty(),
                        token.token().expiry());
            }
            return issuer.issue(((Client.X509) client).requester(), storagePath, request);
        }

        private String responseBody(String macaroon) throws JsonProcessingException {
            String host = Optional.ofNullable(head.request().headers().get(HttpHeaderNames.HOST))
                    .orElse("localhost");
            String base = "https://" + host + "/";
            String target = "https://" + host + new QueryStringDecoder(head.request().uri()).rawPath();
            ObjectNode answer = json.createObjectNode();
            answer.put("macaroon", macaroon);
            ObjectNode uri = answer.putObject("uri");
            uri.put("targetWithMacaroon", target + "?authz=" + macaroon);
            uri.put("baseWithMacaroon", base + "?authz=" + macaroon);
            uri.put("target", target);
            uri.put("base", base);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(answer) + "\n";
        }
    }

    /** Parses the request body; an empty body is a request with no caveats and the default validity. */
    MacaroonRequest parse(String text) throws MalformedRequestException {
        if (text.isBlank()) {
            return MacaroonRequest.empty();
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MalformedRequestException("Unable to parse JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedRequestException("Unable to parse JSON: the request must be a JSON object");
        }
        List<String> caveats = new java.util.ArrayList<>();
        JsonNode caveatNode = root.get("caveats");
        if (caveatNode != null && !caveatNode.isNull()) {
            if (!caveatNode.isArray()) {
                throw new MalformedRequestException("Unable to parse JSON: 'caveats' must be a list of strings");
            }
            for (JsonNode caveat : caveatNode) {
                if (!caveat.isTextual()) {
                    throw new MalformedRequestException("Unable to parse JSON: 'caveats' must be a list of strings");
                }
                caveats.add(caveat.asText());
            }
        }
        JsonNode validityNode = root.get("validity");
        Optional<String> validity = Optional.empty();
        if (validityNode != null && !validityNode.isNull()) {
            if (!validityNode.isTextual()) {
                throw new MalformedRequestException(
                        "Unable to parse JSON: 'validity' must be an ISO-8601 duration string");
            }
            validity = Optional.of(validityNode.asText());
        }
        return new MacaroonRequest(caveats, validity);
    }
}
