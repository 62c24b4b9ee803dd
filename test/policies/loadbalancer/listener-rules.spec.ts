import { asFirstPreview, networkStack, nt, resourcesOf } from "../platform-network-stack";
import { replacing, withProps } from "../platform-stack";
import { expectCompliant, expectViolation, fakeResource } from "../helpers";

const name = "alb-http-rules-redirect-only";
const prod = networkStack("prod");
const staging = networkStack("staging");
const [, httpRedirect] = prod.listeners;

/** The platform's rule, moved to prod's HTTP listener (which redirects by default). */
const onHttpListener = (actions: object[]) => ({
    ...withProps(prod.listenerRule, { listenerArn: httpRedirect.props.arn, actions }),
    propertyDependencies: { listenerArn: [httpRedirect.urn] },
});

describe("policies/loadbalancer/listener-rules", () => {
    describe(name, () => {
        it("flags a forwarding rule on an HTTP listener whose default action redirects", async () => {
            const forward = onHttpListener([{ type: "forward", targetGroupArn: prod.targetGroup.props.arn }]);
            await expectViolation(name, replacing(resourcesOf(prod), forward), {
                urn: forward.urn,
                message: `on HTTP listener ${httpRedirect.name} answers with forward, serving traffic in clear text`,
            });
        });

        it("finds the listener by dependency during the first preview, and through the aws.alb token", async () => {
            const forward = {
                ...onHttpListener([{ type: "fixed-response", fixedResponse: { contentType: "text/plain" } }]),
                type: "aws:alb/listenerRule:ListenerRule",
            };
            await expectViolation(name, asFirstPreview(replacing(resourcesOf(prod), forward)), {
                preview: true,
                message: "answers with fixed-response",
            });
        });

        it("flags staging's rules, which forward on its HTTP listener (advisory there by config)", async () => {
            await expectViolation(name, resourcesOf(staging), { urn: staging.listenerRule.urn });
        });

        it("passes prod's rules on the HTTPS listener, and redirect rules on HTTP", async () => {
            await expectCompliant(name, resourcesOf(prod));
            const redirect = onHttpListener([
                { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } },
            ]);
            await expectCompliant(name, replacing(resourcesOf(prod), redirect));
            await expectCompliant(name, [
                ...resourcesOf(prod),
                fakeResource(nt.listenerRule, "other-stack-rule", { listenerArn: "arn:elsewhere", actions: [] }),
            ]);
        });
    });
});
