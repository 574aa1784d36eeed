// /groups: custom contact groups (list, show, create, rename, add, remove, contacts, export, delete).
import type { BlockAction, BlockButtonAction, OverflowAction, ViewSubmitAction } from '@slack/bolt';
import type { AppContext } from '../../context.js';
import { type ListenerTable, needs } from '../../slack/listener-table.js';
import {
  handleGroupContactsPage,
  handleGroupDeleteAction,
  handleGroupExportAction,
  handleGroupListPage,
  handleGroupMembersAction,
  handleGroupMenu,
} from './group-actions.js';
import { GROUP_MODALS } from './group-forms.js';
import {
  handleCreateGroupSubmission,
  handleMembersSubmission,
  handleRenameSubmission,
} from './group-submissions.js';
import { GROUP_ACTIONS } from './group-views.js';
import { handleGroupsCommand, SLASH_GROUPS } from './groups-command.js';

export function register(table: ListenerTable, ctx: AppContext): void {
  table.command(
    SLASH_GROUPS,
    {
      ...needs('sales', 'see contact groups'),
      subcommands: {
        create: needs('outreach', 'create contact groups'),
        add: needs('outreach', 'add contacts'),
        remove: needs('outreach', 'remove contacts'),
        rename: needs('outreach', 'rename contact groups'),
        delete: needs('outreach', 'delete contact groups'),
        export: needs('outreach', 'export contact groups'),
      },
    },
    (args) => handleGroupsCommand(ctx, args),
  );
  table.action<BlockButtonAction>(GROUP_ACTIONS.show, needs('sales', 'see contact groups'), (args) =>
    handleGroupMembersAction(ctx, args),
  );
  table.action<BlockButtonAction>(
    GROUP_ACTIONS.membersPagePattern,
    needs('sales', 'see contact groups'),
    (args) => handleGroupMembersAction(ctx, args),
  );
  table.action<BlockButtonAction>(
    GROUP_ACTIONS.listPagePattern,
    needs('sales', 'see contact groups'),
    (args) => handleGroupListPage(ctx, args),
  );
  table.action<BlockButtonAction>(
    GROUP_ACTIONS.contactsPagePattern,
    needs('sales', 'see contact groups'),
    (args) => handleGroupContactsPage(ctx, args),
  );
  table.action<BlockButtonAction>(
    GROUP_ACTIONS.exportCsv,
    needs('outreach', 'export contact groups'),
    (args) => handleGroupExportAction(ctx, args),
  );
  table.action<BlockButtonAction>(GROUP_ACTIONS.delete, needs('outreach', 'delete contact groups'), (args) =>
    handleGroupDeleteAction(ctx, args),
  );
  table.action<BlockAction<OverflowAction>>(
    GROUP_ACTIONS.menu,
    needs('outreach', 'change contact groups'),
    (args) => handleGroupMenu(ctx, args),
  );
  table.view<ViewSubmitAction>(GROUP_MODALS.create, needs('outreach', 'create contact groups'), (args) =>
    handleCreateGroupSubmission(ctx, args),
  );
  table.view<ViewSubmitAction>(GROUP_MODALS.add, needs('outreach', 'add contacts'), (args) =>
    handleMembersSubmission(ctx, 'add', args),
  );
  table.view<ViewSubmitAction>(GROUP_MODALS.remove, needs('outreach', 'remove contacts'), (args) =>
    handleMembersSubmission(ctx, 'remove', args),
  );
  table.view<ViewSubmitAction>(GROUP_MODALS.rename, needs('outreach', 'rename contact groups'), (args) =>
    handleRenameSubmission(ctx, args),
  );
}
