package io.loa.fault;

/**
 * Why a request cannot be done, said in the domain's words: each kind is one subclass, and the web layer gives each
 * kind its status once ({@code io.loa.Problems}). The set is closed, so that every kind has its answer there.
 * The message is the detail a client reads: it says what is wrong and, where it can, what to send instead.
 */
public abstract sealed class Fault extends RuntimeException
        permits Malformed, Invalid, Unauthenticated, Forbidden, NotFound, Gone, PreconditionFailed, RetryLater {

    protected Fault(String detail) {
        // A refusal is an answer, not a failure to trace: no stack trace is kept for it.
        super(detail, null, false, false);
    }

    public String detail() {
        return getMessage();
    }
}
