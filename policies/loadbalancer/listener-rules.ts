/** Listener rules: an HTTP listener that redirects by default must not serve through its rules. */
import { checkEachResource, lbTypes, referencesThrough, validateStackOfTypes, type PlatformStackPolicy } from "../lib";
import { protocolOf, type ListenerProps } from "./listener";

const listenerTypes = lbTypes("listener");
const listenerRuleTypes = lbTypes("listenerRule");

/** Actions that answer the request on the listener itself, in clear text on an HTTP listener. */
const servingActions = new Set(["forward", "fixed-response"]);

export const albHttpRulesRedirectOnly: PlatformStackPolicy = {
    name: "alb-http-rules-redirect-only",
    description:
        "Checks that listener rules on HTTP listeners only redirect, so no path or host is served in clear text behind a default redirect to HTTPS.",
    severity: "high",
    remediationSteps:
        "Attach forwarding rules to the HTTPS listener (`listenerArn: httpsListener.arn`), and keep only redirect rules on the HTTP listener. A stack without a certificate (staging) runs this policy as advisory.",
    enforcementLevel: "mandatory",
    tags: ["securityhub:ELB.1", "checkov:CKV2_AWS_20", "family:loadbalancer"],
    validateStack: validateStackOfTypes(listenerRuleTypes, (rules, args, report) => {
        checkEachResource(rules, report, rule => {
            const listeners = referencesThrough(
                rule,
                "listenerArn",
                () => rule.props.listenerArn,
                args.resources,
                listenerTypes,
            );
            const http = listeners.filter(listener => protocolOf(listener.props as ListenerProps) === "HTTP");
            if (http.length === 0) {
                return;
            }
            const actions: { type?: string }[] = rule.props.actions ?? [];
            const serving = actions.map(a => a.type ?? "").filter(type => servingActions.has(type));
            if (serving.length > 0) {
                report(
                    `listener rule ${rule.name} on HTTP listener ${http[0].name} answers with ${serving.join(", ")}, serving traffic in clear text; only redirect rules belong on an HTTP listener.`,
                    rule.urn,
                );
            }
        });
    }),
};
