package dev.vigia.monitor.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every request needs the token when one is set: {@code Authorization: Bearer T}, or the
 * {@code vigia_session} cookie that the page sets when opened once as {@code /?token=T} (images and
 * the event stream cannot send headers). The cookie is not the token but an HMAC of it under a key
 * drawn when the server starts, so a leaked cookie dies with the server and never reveals the
 * token; the page then redirects to {@code /} so the token leaves the address bar and history.
 * Compared in constant time.
 */
final class TokenGuard {

    static final String COOKIE = "vigia_session";

    private final byte[] token;
    private final byte[] session;

    TokenGuard(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.session = token == null ? null : sessionOf(this.token);
    }

    void check(Context ctx) {
        if (token == null) {
            return;
        }
        // The link first, so that the token leaves the address bar even for a browser that has the cookie.
        if (ctx.path().equals("/") && equal(token, ctx.queryParam("token"))) {
            ctx.header("Set-Cookie", COOKIE + "=" + new String(session, StandardCharsets.US_ASCII) + "; Path=/; HttpOnly; SameSite=Strict");
            ctx.header("Cache-Control", "no-store");
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        String header = ctx.header("Authorization");
        if (header != null && header.startsWith("Bearer ") && equal(token, header.substring(7).strip())) {
            return;
        }
        if (equal(session, ctx.cookie(COOKIE))) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        throw new UnauthorizedResponse("This dashboard needs its token: send 'Authorization: Bearer T' or open /?token=T once");
    }

    private static byte[] sessionOf(byte[] token) {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(token)).getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static boolean equal(byte[] expected, String given) {
        return given != null && MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
    }
}
