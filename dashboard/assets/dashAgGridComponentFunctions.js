/* Cell renderers of the dashboard's AG Grids (dash-ag-grid reads this file from the assets folder).
 *
 * NightLink: an attack night as a link to its page, /night/YYYY-MM-DD, keeping the query of the view (filters,
 * language), shown as the row's formatted date. A click navigates inside the app as dcc.Link does (push the
 * address, tell Dash's Location components), so the page is not loaded again.
 */
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.NightLink = function (props) {
    if (!props.value) {
        return null;
    }
    var href = "/night/" + props.value + window.location.search;
    var text = props.valueFormatted || props.value;
    return React.createElement("a", {
        href: href,
        className: "night-link",
        onClick: function (event) {
            if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) {
                return;  // a new tab or window: the browser follows the link
            }
            event.preventDefault();
            window.history.pushState({}, "", href);
            window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
            window.scrollTo(0, 0);
        },
    }, text);
};
